package dev.baton.testing;

import dev.baton.BatonApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Baton nodes started by a test itself (several nodes sharing one database and Redis, or a first start).
 * Settings are passed as command-line arguments, which override application.yml.
 */
public final class BatonNodes {

    private BatonNodes() {
    }

    /** The settings every node of a cluster test shares: its database, Redis, no demo, no rate limits. */
    public static Map<String, Object> clusterSettings(Map<String, String> database) {
        String redis = TestDatabase.requireService("BATON_TEST_REDIS_URL");
        Map<String, Object> properties = settings(database);
        properties.put("baton.redis-url", redis);
        return properties;
    }

    /** The settings of nodes that share a database and no Redis: no demo, no rate limits. */
    public static Map<String, Object> settings(Map<String, String> database) {
        if (TestDatabase.isPostgres()) {
            TestDatabase.requireService("BATON_TEST_POSTGRES_URL");
        }
        Map<String, Object> properties = new HashMap<>(database);
        properties.put("baton.demo.enabled", "false");
        properties.put("baton.rate-limits.public-requests-per-minute-per-ip", "1000000");
        properties.put("baton.rate-limits.visitor-messages-per-minute", "1000000");
        properties.put("baton.rate-limits.sign-in-failures-per-window", "1000000");
        properties.put("baton.rate-limits.sign-in-failures-per-client", "1000000");
        return properties;
    }

    public static ConfigurableApplicationContext start(Map<String, ?> settings) {
        return start(settings, new Class<?>[0]);
    }

    /** A node with test configuration added (for example one that loses its reactions, as a dying node would). */
    public static ConfigurableApplicationContext start(Map<String, ?> settings, Class<?>... extraSources) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("server.port", "0");
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(BatonApplication.class).sources(extraSources).run(args);
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }
}
