package dev.baton.account;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.BatonNodes;
import dev.baton.testing.Browser;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sessions and credentials (issue 10): sessions live in the database, so a restart and a second node know them; a
 * password change ends the user's other sessions; an administrator signs a member out everywhere; access tokens are
 * stored hashed and rotated by their owner.
 */
class SessionIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSessionWorksOnASecondNodeAndSurvivesARestartOfTheFirst() {
        Map<String, String> database = TestDatabase.fresh();
        Map<String, Object> settings = BatonNodes.clusterSettings(database);
        ConfigurableApplicationContext first = BatonNodes.start(settings);
        ConfigurableApplicationContext second = BatonNodes.start(settings);
        ConfigurableApplicationContext restarted = null;
        try {
            Fixtures.World world = Fixtures.on(first, BatonNodes.port(first)).world();
            Browser onFirst = Browser.signedIn(new Api(BatonNodes.port(first)), world.admin.email(), world.admin.password());
            Browser onSecond = onFirst.on(new Api(BatonNodes.port(second)).base());
            Api.Response profile = onSecond.api().get("/api/v1/profile");
            assertThat(profile.status()).as(profile.body()).isEqualTo(200);
            assertThat(profile.json().path("id").asLong()).isEqualTo(world.admin.id());
            // A write on the second node with the first node's CSRF cookie: the token lives in the shared session too.
            Api.Response written = onSecond.api().post(world.path("/contacts"), Map.of("name", "Written on node 2"));
            assertThat(written.status()).as(written.body()).isEqualTo(200);

            first.close();
            restarted = BatonNodes.start(settings);
            Browser afterRestart = onFirst.on(new Api(BatonNodes.port(restarted)).base());
            assertThat(afterRestart.api().get("/api/v1/profile").json().path("id").asLong()).isEqualTo(world.admin.id());
        } finally {
            for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {first, second, restarted}) {
                if (node != null && node.isActive()) {
                    node.close();
                }
            }
        }
    }

    @Test
    void aPasswordChangeEndsTheOtherSessionsButNotTheOneThatChangedIt() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        Browser laptop = Browser.signedIn(anonymous, ada.email(), ada.password());
        Browser phone = Browser.signedIn(anonymous, ada.email(), ada.password());

        Api.Response changed = laptop.api().put("/api/v1/profile",
                Map.of("current_password", ada.password(), "password", "a-new-password-1"));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(laptop.api().get("/api/v1/profile").status()).isEqualTo(200);
        assertProblem(phone.api().get("/api/v1/profile"), 401, "unauthorized");
        assertThat(ada.api().get("/api/v1/profile").status()).isEqualTo(200); // the token is not a session
        assertThat(Browser.signedIn(anonymous, ada.email(), "a-new-password-1").api().get("/api/v1/profile").status())
                .isEqualTo(200);
    }

    @Test
    void anAdministratorSignsAMemberOutEverywhereSessionsAndToken() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        Browser browser = Browser.signedIn(anonymous, ada.email(), ada.password());
        Fixtures.World other = fixtures.world();

        assertProblem(ada.api().delete(world.path("/agents/" + world.admin.id() + "/sessions")), 403, "forbidden");
        assertProblem(other.admin.api().delete(other.path("/agents/" + ada.id() + "/sessions")), 404, "not_found");
        assertThat(browser.api().get("/api/v1/profile").status()).isEqualTo(200);

        assertThat(world.admin.api().delete(world.path("/agents/" + ada.id() + "/sessions")).status()).isEqualTo(204);

        assertProblem(browser.api().get("/api/v1/profile"), 401, "unauthorized");
        assertProblem(ada.api().get("/api/v1/profile"), 401, "invalid_access_token");
        assertThat(Browser.signedIn(anonymous, ada.email(), ada.password()).api().get("/api/v1/profile").status()).isEqualTo(200);
    }

    @Test
    void tokensAreStoredHashedShownOnceAndRotatedByTheirOwner() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app_user WHERE access_token_hash = ?").param(ada.token())
                .query(Long.class).single()).isZero();
        Api.Response signIn = anonymous.post("/auth/sign_in", Map.of("email", ada.email(), "password", ada.password()));
        assertThat(signIn.json().path("data").path("access_token").isNull()).isTrue();
        assertThat(ada.api().get("/api/v1/profile").json().path("access_token").isNull()).isTrue();

        Api.Response reset = ada.api().post("/api/v1/profile/reset_access_token", Map.of());

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        String fresh = reset.json().path("access_token").asString();
        assertThat(fresh).isNotBlank().isNotEqualTo(ada.token());
        assertProblem(ada.api().get("/api/v1/profile"), 401, "invalid_access_token");
        assertThat(anonymous.withToken(fresh).get("/api/v1/profile").json().path("id").asLong()).isEqualTo(ada.id());
        // From the browser, with the session and its CSRF header.
        Browser browser = Browser.signedIn(anonymous, ada.email(), ada.password());
        String third = browser.api().post("/api/v1/profile/reset_access_token", Map.of()).json().path("access_token").asString();
        assertProblem(anonymous.withToken(fresh).get("/api/v1/profile"), 401, "invalid_access_token");
        assertThat(anonymous.withToken(third).get("/api/v1/profile").status()).isEqualTo(200);
    }

    @Test
    void signingOutEndsOnlyThatSession() {
        Fixtures.World world = fixtures.world();
        Browser one = Browser.signedIn(anonymous, world.admin.email(), world.admin.password());
        Browser two = Browser.signedIn(anonymous, world.admin.email(), world.admin.password());
        assertThat(one.api().delete("/auth/sign_out").status()).isEqualTo(204);
        assertProblem(one.api().get("/api/v1/profile"), 401, "unauthorized");
        assertThat(two.api().get("/api/v1/profile").status()).isEqualTo(200);
        assertThat(world.admin.api().get("/api/v1/profile").status()).isEqualTo(200);
    }

    /** No trusted proxy is configured here: a client claiming HTTPS through X-Forwarded-Proto is not believed. */
    @Test
    void forwardedHeadersFromAClientThatIsNoTrustedProxyAreIgnored() {
        Fixtures.World world = fixtures.world();
        Api.Response signIn = anonymous.withHeader("X-Forwarded-Proto", "https").withHeader("X-Forwarded-For", "192.0.2.7")
                .post("/auth/sign_in", Map.of("email", world.admin.email(), "password", world.admin.password()));
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.raw().headers().allValues("set-cookie")).anySatisfy(c -> assertThat(c).startsWith("BATON_SESSION="))
                .noneSatisfy(c -> assertThat(c.toLowerCase(java.util.Locale.ROOT)).contains("; secure"));
    }

    @Test
    void theWorkspaceAndTheDemoPageCarryAContentSecurityPolicyAndReferrerPolicy() {
        for (String path : new String[] {"/app/", "/app/accounts/1/conversations/5"}) {
            Api.Response page = anonymous.get(path);
            assertThat(page.header("Content-Security-Policy")).as(path).contains("script-src 'self'").contains("object-src 'none'")
                    .contains("frame-ancestors 'self'");
            assertThat(page.header("Referrer-Policy")).as(path).isEqualTo("same-origin");
        }
        Api.Response demo = anonymous.get("/demo");
        assertThat(demo.header("Referrer-Policy")).isEqualTo("same-origin");
        if (demo.status() == 200) {
            assertThat(demo.header("Content-Security-Policy")).contains("script-src 'self'");
        }
        assertThat(anonymous.get("/api/v1/profile").header("Content-Security-Policy")).isNull();
    }
}
