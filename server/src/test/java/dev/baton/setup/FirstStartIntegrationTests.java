package dev.baton.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** A newcomer's first start on an empty database: the admin, the demo inbox, the demo page, the web apps. */
class FirstStartIntegrationTests {

    private static ConfigurableApplicationContext baton;
    private static Api api;

    @BeforeAll
    static void firstStart() {
        if (TestDatabase.isPostgres()) {
            TestDatabase.requireService("BATON_TEST_POSTGRES_URL");
        }
        Map<String, String> properties = new HashMap<>(TestDatabase.fresh());
        properties.put("server.port", "0");
        properties.put("baton.bootstrap.admin.email", "owner@shop.example");
        properties.put("baton.bootstrap.admin.password", "correct horse battery");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        baton = new SpringApplicationBuilder(BatonApplication.class).run(args);
        api = new Api(((WebServerApplicationContext) baton).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        if (baton != null) {
            baton.close();
        }
    }

    @Test
    void theBootstrapAdministratorSignsInToTheDemoAccount() {
        Api.Response signIn = api.post("/auth/sign_in", Map.of("email", "owner@shop.example", "password", "correct horse battery"));
        assertThat(signIn.status()).isEqualTo(200);
        JsonNode data = signIn.json().path("data");
        assertThat(data.path("accounts").get(0).path("role").asString()).isEqualTo("administrator");
        assertThat(data.path("accounts").get(0).path("name").asString()).isEqualTo("Baton Demo");

        Api admin = adminToken();
        JsonNode agents = admin.get("/api/v1/accounts/" + data.path("account_id").asLong() + "/agents").json();
        assertThat(agents.get(0).path("licensed").asBoolean()).isTrue();
    }

    @Test
    void theDemoPageEmbedsTheDemoInboxesWidget() {
        Api.Response signIn = api.post("/auth/sign_in", Map.of("email", "owner@shop.example", "password", "correct horse battery"));
        Api admin = adminToken();
        long accountId = signIn.json().path("data").path("account_id").asLong();
        JsonNode inbox = admin.get("/api/v1/accounts/" + accountId + "/inboxes").json().path("payload").get(0);
        String token = inbox.path("website_token").asString();

        Api.Response demo = api.get("/demo");
        assertThat(demo.status()).isEqualTo(200);
        assertThat(demo.header("Content-Type")).startsWith("text/html");
        assertThat(demo.body()).contains("/widget.js\" data-website-token=\"" + token + "\"");

        // The widget that page loads, and the public API it talks to, answer.
        Api.Response widget = api.get("/widget.js");
        assertThat(widget.status()).isEqualTo(200);
        assertThat(widget.body()).contains("pubsub_token");
        assertThat(api.get("/public/api/v1/inboxes/" + token).json().path("name").asString()).isEqualTo("Demo website");
    }

    @Test
    void theAgentWorkspaceIsServedForEveryDeepLink() {
        for (String path : new String[] {"/app/", "/app/accounts/1/conversations/5"}) {
            Api.Response page = api.get(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("<div id=\"root\"");
        }
        assertThat(api.get("/").status()).isEqualTo(302);
    }

    @Test
    void theOpenApiDescriptionAndHealthAreServed() {
        JsonNode openApi = api.get("/v3/api-docs").json();
        assertThat(openApi.path("openapi").asString()).startsWith("3.");
        assertThat(openApi.path("paths").has("/api/v1/accounts/{accountId}/conversations")).isTrue();
        assertThat(openApi.path("paths").has("/public/api/v1/inboxes/{inboxIdentifier}/contacts")).isTrue();
        // The conversation describes its conference participants.
        assertThat(openApi.path("components").path("schemas").path("ConversationView").path("properties").has("participants"))
                .isTrue();
        assertThat(api.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
        // Metrics only for a caller with a token.
        assertThat(api.get("/actuator/prometheus").status()).isEqualTo(401);
        Api.Response metrics = adminToken().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("baton_sockets");
    }

    /** The administrator's API client: signed in from a browser, which makes a personal token (shown once). */
    private Api adminToken() {
        String token = dev.baton.testing.Browser.signedIn(api, "owner@shop.example", "correct horse battery").api()
                .post("/api/v1/profile/reset_access_token", Map.of()).json().path("access_token").asString();
        return api.withToken(token);
    }
}
