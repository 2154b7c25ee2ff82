package dev.baton.testing;

import dev.baton.BatonApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration suites: the real server on a random port, on H2 or PostgreSQL
 * ({@link TestDatabase}). All suites share one server; each test makes its own account.
 */
@org.springframework.context.annotation.Import(Fixtures.class)
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                // Webhook receivers in tests listen on loopback (WebhookSsrfIntegrationTests runs with the guard on).
                "baton.webhooks.allow-private-networks=true",
                "logging.level.dev.baton=INFO"
        })
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected Fixtures fixtures;

    protected Api anonymous;

    /** Per test (not per class), so that a local run without PostgreSQL reports the tests as skipped. */
    @BeforeEach
    void requireDatabase() {
        if (TestDatabase.isPostgres()) {
            TestDatabase.requireService("BATON_TEST_POSTGRES_URL");
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeEach
    void client() {
        anonymous = new Api(port);
        fixtures.port(port);
    }
}
