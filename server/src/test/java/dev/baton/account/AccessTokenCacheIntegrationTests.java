package dev.baton.account;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testing.Api;
import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An access token's user is cached per node (docs/adr/0057): a request with a token writes no session, and a token
 * that was reset or signed out stops working on every node once the change committed, though each node had it cached.
 */
class AccessTokenCacheIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRequestWithAnAccessTokenWritesNoSession() {
        Fixtures.World world = fixtures.world();
        long before = jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single();

        for (int i = 0; i < 3; i++) {
            Api.Response list = world.admin.api().get(world.path("/conversations"));
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            assertThat(String.join(";", list.raw().headers().allValues("set-cookie"))).doesNotContain("BATON_SESSION");
        }

        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single()).isEqualTo(before);
    }

    /**
     * Token and public API requests are stateless (docs/adr/0065): no session, no CSRF token and no cookie at all,
     * for reads and writes alike, while a browser's request still gets its XSRF-TOKEN cookie.
     */
    @Test
    void tokenAndPublicApiRequestsSetNoCookieAndWriteNoSession() {
        Fixtures.World world = fixtures.world();
        long before = jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single();

        Api.Response read = world.admin.api().get(world.path("/conversations"));
        Api.Response dashed = anonymous.withHeader("Api-Access-Token", world.admin.token()).get(world.path("/conversations/meta"));
        Api.Response write = world.admin.api().post(world.path("/contacts"), Map.of("name", "Stateless"));
        Fixtures.Visitor visitor = world.visitor("Vic");
        Api.Response opened = visitor.api().post(visitor.path() + "/conversations", Map.of());
        Api.Response message = visitor.api().post(visitor.path() + "/conversations/" + opened.json().path("id").asLong()
                + "/messages", Map.of("content", "hello"));

        for (Api.Response r : List.of(read, dashed, write, opened, message)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.raw().headers().allValues("set-cookie")).as(r.toString()).isEmpty();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM SPRING_SESSION").query(Long.class).single()).isEqualTo(before);
        // The browser's requests keep their CSRF cookie (AuthApiIntegrationTests holds that writes need its header).
        assertThat(anonymous.get("/api/v1/profile").raw().headers().allValues("set-cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN="));
    }

    @Test
    void aResetTokenIsRefusedAtOnceWhileParallelRequestsUseIt() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> during = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                during.add(pool.submit(() -> ada.api().get("/api/v1/profile").status()));
            }
            Api.Response reset = ada.api().post("/api/v1/profile/reset_access_token", Map.of());
            assertThat(reset.status()).as(reset.body()).isEqualTo(200);
            for (Future<Integer> f : during) {
                assertThat(f.get()).isIn(200, 401);
            }

            List<Future<Api.Response>> after = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                after.add(pool.submit(() -> ada.api().get("/api/v1/profile")));
            }
            for (Future<Api.Response> f : after) {
                assertProblem(f.get(), 401, "invalid_access_token");
            }
            String fresh = reset.json().path("access_token").asString();
            assertThat(anonymous.withToken(fresh).get("/api/v1/profile").json().path("id").asLong()).isEqualTo(ada.id());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTokenResetOnOneNodeIsRefusedOnTheOtherNodeThatHadItCached() {
        Map<String, Object> settings = BatonNodes.clusterSettings(TestDatabase.fresh());
        ConfigurableApplicationContext first = BatonNodes.start(settings);
        ConfigurableApplicationContext second = BatonNodes.start(settings);
        try {
            Fixtures.World world = Fixtures.on(first, BatonNodes.port(first)).world();
            Fixtures.Person ada = world.agent("Ada");
            Api onSecond = new Api(BatonNodes.port(second)).withToken(ada.token());
            assertThat(onSecond.get("/api/v1/profile").status()).isEqualTo(200);
            assertThat(onSecond.get("/api/v1/profile").status()).isEqualTo(200);

            Api.Response reset = ada.api().post("/api/v1/profile/reset_access_token", Map.of());
            assertThat(reset.status()).as(reset.body()).isEqualTo(200);

            // Redis carries the change to the second node: well within the cache's lifetime, not after it.
            await().atMost(AccessTokenCache.TTL.minus(Duration.ofSeconds(20)))
                    .until(() -> onSecond.get("/api/v1/profile").status() == 401);
            String fresh = reset.json().path("access_token").asString();
            assertThat(new Api(BatonNodes.port(second)).withToken(fresh).get("/api/v1/profile").status()).isEqualTo(200);
        } finally {
            second.close();
            first.close();
        }
    }
}
