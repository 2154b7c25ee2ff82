package dev.baton.setup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SetupConfiguration {

    @Bean
    static StartupChecks startupChecks() {
        return new StartupChecks();
    }
}
