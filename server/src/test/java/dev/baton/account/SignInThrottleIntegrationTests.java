package dev.baton.account;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Sign-in throttling, on a server of its own: the shared test server disables it. Same setup as
 * {@link IntegrationTest} except for the number of failures allowed per window.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=3",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "logging.level.dev.baton=INFO"
        })
class SignInThrottleIntegrationTests extends IntegrationTest {

    @Test
    void repeatedFailuresAreAnsweredWithTooManyAttemptsEvenForTheRightPassword() {
        Fixtures.World world = fixtures.world();
        Map<String, String> wrong = Map.of("email", world.admin.email(), "password", "wrong-password");
        for (int i = 0; i < 3; i++) {
            assertProblem(anonymous.post("/auth/sign_in", wrong), 401, "invalid_credentials");
        }

        assertProblem(anonymous.post("/auth/sign_in", wrong), 429, "too_many_sign_in_attempts");
        Api.Response right = anonymous.post("/auth/sign_in",
                Map.of("email", world.admin.email(), "password", world.admin.password()));
        assertProblem(right, 429, "too_many_sign_in_attempts");
        assertThat(right.raw().headers().allValues("set-cookie")).noneMatch(c -> c.startsWith("BATON_SESSION"));
        // The token keeps working: throttling guards passwords, not the API.
        assertThat(world.admin.api().get("/api/v1/profile").status()).isEqualTo(200);
    }
}
