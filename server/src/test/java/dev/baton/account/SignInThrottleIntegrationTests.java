package dev.baton.account;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Sign-in throttling (issue 10, ADR 0020), on a server of its own: an (e-mail, client) pair may fail 3 times and a
 * client 6 times before growing delays; the test's requests come through a trusted proxy (loopback), each naming
 * its client in X-Forwarded-For. The clock is the test's.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=3",
                "baton.rate-limits.sign-in-failures-per-client=6",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "baton.http.trusted-proxies=127.0.0.1,::1",
                "logging.level.dev.baton=INFO"
        })
@Import(MutableClockConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SignInThrottleIntegrationTests extends IntegrationTest {

    @Autowired
    MutableClock clock;

    private static int clients;

    /** A client of its own, behind the trusted proxy. */
    private Api client() {
        return anonymous.withHeader("X-Forwarded-For", "198.51.100." + (++clients));
    }

    private static Api.Response signIn(Api client, String email, String password) {
        return client.post("/auth/sign_in", Map.of("email", email, "password", password));
    }

    @Test
    void aClientThatHasNotFailedSignsInWhileAnotherIsThrottledOnTheSameEmail() {
        Fixtures.World world = fixtures.world();
        Api attacker = client();
        for (int i = 0; i < 3; i++) {
            assertProblem(signIn(attacker, world.admin.email(), "wrong-" + i), 401, "invalid_credentials");
        }
        Api.Response refused = signIn(attacker, world.admin.email(), "wrong-3");
        assertProblem(refused, 429, "too_many_sign_in_attempts");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        // Even the right password waits, from the client that failed ...
        assertProblem(signIn(attacker, world.admin.email(), world.admin.password()), 429, "too_many_sign_in_attempts");
        // ... but never from one that has not: the user is not locked out.
        assertThat(signIn(client(), world.admin.email(), world.admin.password()).status()).isEqualTo(200);
        // The token never was throttled.
        assertThat(world.admin.api().get("/api/v1/profile").status()).isEqualTo(200);
    }

    @Test
    void eachFurtherFailureWaitsTwiceAsLong() {
        Fixtures.World world = fixtures.world();
        Api guesser = client();
        for (int i = 0; i < 3; i++) {
            signIn(guesser, world.admin.email(), "wrong");
        }
        for (long expected : new long[] {1, 2, 4, 8}) {
            Api.Response refused = signIn(guesser, world.admin.email(), "wrong");
            assertProblem(refused, 429, "too_many_sign_in_attempts");
            assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(expected));
            clock.advance(Duration.ofSeconds(expected));
            assertProblem(signIn(guesser, world.admin.email(), "wrong"), 401, "invalid_credentials");
        }
        clock.advance(Duration.ofSeconds(16));
        assertThat(signIn(guesser, world.admin.email(), world.admin.password()).status()).isEqualTo(200);
        // The right password starts the pair over; the client, past its own free failures, still waits its turn.
        clock.advance(Duration.ofSeconds(4));
        assertProblem(signIn(guesser, world.admin.email(), "wrong"), 401, "invalid_credentials");
    }

    @Test
    void aClientGuessingManyEmailsIsThrottledAsAClient() {
        Fixtures.World world = fixtures.world();
        Api stuffer = client();
        for (int i = 0; i < 6; i++) {
            assertProblem(signIn(stuffer, "nobody-" + i + "-" + world.id() + "@test.example", "password"), 401, "invalid_credentials");
        }
        assertProblem(signIn(stuffer, world.admin.email(), world.admin.password()), 429, "too_many_sign_in_attempts");
        assertThat(signIn(client(), world.admin.email(), world.admin.password()).status()).isEqualTo(200);
    }

    /** The review let 12 of 200 parallel attempts through a limit of 10: the count is reserved before the check. */
    @Test
    void twoHundredParallelAttemptsLetExactlyTheFreeFailuresThrough() throws Exception {
        Fixtures.World world = fixtures.world();
        Api attacker = client();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 200; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return signIn(attacker, world.admin.email(), "wrong").status();
                }));
            }
            start.countDown();
            Map<Integer, Integer> counts = new HashMap<>();
            for (Future<Integer> answer : answers) {
                counts.merge(answer.get(), 1, Integer::sum);
            }
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(401, 3, 429, 197));
        }
    }

    /** Several nodes share the failures through Redis: a client cannot spread its guesses over the nodes. */
    @Test
    void failuresOnOneNodeCountOnTheOther() {
        Map<String, Object> settings = new HashMap<>(BatonNodes.clusterSettings(TestDatabase.fresh()));
        settings.put("baton.rate-limits.sign-in-failures-per-window", "3");
        settings.put("baton.rate-limits.sign-in-failures-per-client", "6");
        // A first delay longer than the test: a slow machine cannot let the fourth attempt through by waiting it out.
        settings.put("baton.rate-limits.sign-in-first-delay", "10m");
        settings.put("baton.http.trusted-proxies", "127.0.0.1,::1");
        ConfigurableApplicationContext one = BatonNodes.start(settings);
        ConfigurableApplicationContext two = BatonNodes.start(settings);
        try {
            Fixtures.World world = Fixtures.on(one, BatonNodes.port(one)).world();
            String address = "203.0.113." + (++clients);
            Api onOne = new Api(BatonNodes.port(one)).withHeader("X-Forwarded-For", address);
            Api onTwo = new Api(BatonNodes.port(two)).withHeader("X-Forwarded-For", address);
            assertProblem(signIn(onOne, world.admin.email(), "wrong"), 401, "invalid_credentials");
            assertProblem(signIn(onTwo, world.admin.email(), "wrong"), 401, "invalid_credentials");
            assertProblem(signIn(onOne, world.admin.email(), "wrong"), 401, "invalid_credentials");
            assertProblem(signIn(onTwo, world.admin.email(), "wrong"), 429, "too_many_sign_in_attempts");
            assertThat(signIn(new Api(BatonNodes.port(two)).withHeader("X-Forwarded-For", "203.0.113.250"),
                    world.admin.email(), world.admin.password()).status()).isEqualTo(200);
        } finally {
            two.close();
            one.close();
        }
    }

    /** Through the trusted proxy, HTTPS is what the proxy says: the session and CSRF cookies are then Secure. */
    @Test
    void cookiesAreSecureWhenTheTrustedProxySaysTheRequestCameOverHttps() {
        Fixtures.World world = fixtures.world();
        Api.Response overHttps = client().withHeader("X-Forwarded-Proto", "https")
                .post("/auth/sign_in", Map.of("email", world.admin.email(), "password", world.admin.password()));
        assertThat(overHttps.raw().headers().allValues("set-cookie"))
                .filteredOn(c -> c.startsWith("BATON_SESSION=")).singleElement()
                .satisfies(c -> assertThat(c.toLowerCase(java.util.Locale.ROOT)).contains("; secure").contains("; httponly"));
        Api.Response overHttp = client().post("/auth/sign_in", Map.of("email", world.admin.email(), "password", world.admin.password()));
        assertThat(overHttp.raw().headers().allValues("set-cookie"))
                .filteredOn(c -> c.startsWith("BATON_SESSION=")).singleElement()
                .satisfies(c -> assertThat(c.toLowerCase(java.util.Locale.ROOT)).doesNotContain("; secure"));
    }
}
