package dev.baton.realtime;

import dev.baton.shared.BatonProperties;
import dev.baton.shared.Installation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link Signals} bean, chosen when the node starts by {@code baton.redis-url}: a method rather than two
 * conditional components, so that a build with Spring's AOT processing (docs/adr/0061) still reads the setting at
 * run time instead of fixing the choice made at build time.
 */
@Configuration(proxyBeanMethods = false)
class SignalsChoice {

    @Bean
    Signals signals(BatonProperties properties, Fanout fanout, JsonMapper json, Installation installation) {
        return properties.redisUrl() == null || properties.redisUrl().isBlank()
                ? new LocalSignals(fanout)
                : new RedisSignals(properties, fanout, json, installation);
    }
}
