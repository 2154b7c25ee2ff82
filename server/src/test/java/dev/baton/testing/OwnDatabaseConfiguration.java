package dev.baton.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A database of the suite's own (a new H2 database or PostgreSQL schema) instead of the one all suites share:
 * for a server whose rows no other suite's server may touch. Registered after {@link IntegrationTest}'s
 * {@code @DynamicPropertySource}, so it wins.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OwnDatabaseConfiguration {

    @Bean
    static DynamicPropertyRegistrar ownDatabase() {
        return registry -> {
            String postgres = System.getenv("BATON_TEST_POSTGRES_URL");
            if (TestDatabase.isPostgres() && (postgres == null || postgres.isBlank())) {
                return; // the PostgreSQL run is skipped (IntegrationTest.requireDatabase)
            }
            TestDatabase.fresh().forEach((key, value) -> registry.add(key, () -> value));
        };
    }
}
