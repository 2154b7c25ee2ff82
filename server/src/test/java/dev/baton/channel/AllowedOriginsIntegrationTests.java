package dev.baton.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An inbox's allowed origins: browsers on other sites may neither call the public API (CORS, answered
 * 403 {@code origin_not_allowed}) nor open the visitor socket. A change of the origins holds on this node at once.
 */
class AllowedOriginsIntegrationTests extends IntegrationTest {

    private static final String SHOP = "https://shop.example";
    private static final String EVIL = "https://evil.example";

    @Test
    void aForeignOriginIsRefusedAndCreatesNothing() {
        Fixtures.World world = fixtures.world();
        String inbox = restrictedInbox(world);
        long contactsBefore = contactCount(world);

        Api.Response refused = new Api(port).withHeader("Origin", EVIL).post(contacts(inbox), Map.of("name", "Eve"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("origin_not_allowed");
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        assertThat(contactCount(world)).isEqualTo(contactsBefore);

        // A visitor created from the shop cannot be written to from elsewhere either.
        Fixtures.Visitor visitor = fixtures.visitor(inbox, "Sam");
        long conversation = new Api(port).withHeader("Origin", SHOP).post(visitor.path() + "/conversations", Map.of())
                .json().path("id").asLong();
        Api evil = new Api(port).withHeader("Origin", EVIL);
        assertThat(evil.post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", "phish"))
                .code()).isEqualTo("origin_not_allowed");
        assertThat(evil.get(visitor.path() + "/conversations/" + conversation + "/messages").status()).isEqualTo(403);
        assertThat(evil.post(visitor.path() + "/conversations", Map.of()).status()).isEqualTo(403);
        assertThat(world.admin.api().get(world.path("/conversations/" + conversation + "/messages")).json()
                .path("payload").valueStream().toList()).isEmpty();
    }

    @Test
    void anAllowedOriginGetsItsOriginEchoed() {
        Fixtures.World world = fixtures.world();
        String inbox = restrictedInbox(world);
        Api shop = new Api(port).withHeader("Origin", SHOP);

        Api.Response created = shop.post(contacts(inbox), Map.of("name", "Sam"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(created.raw().headers().allValues("Vary").toString()).contains("Origin");

        Api.Response upperCase = new Api(port).withHeader("Origin", "https://SHOP.example").get("/public/api/v1/inboxes/" + inbox);
        assertThat(upperCase.status()).isEqualTo(200);

        Api.Response shown = shop.get(contacts(inbox) + "/" + created.json().path("source_id").asString());
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
    }

    @Test
    void aPreflightFromTheAllowedOriginIsAnsweredAndOneFromElsewhereIsNot() {
        Fixtures.World world = fixtures.world();
        String inbox = restrictedInbox(world);

        Api.Response preflight = new Api(port).withHeader("Origin", SHOP).withHeader("Access-Control-Request-Method", "POST")
                .withHeader("Access-Control-Request-Headers", "content-type").raw("OPTIONS", contacts(inbox), null, null);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST").contains("PATCH");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");

        Api.Response foreign = new Api(port).withHeader("Origin", EVIL).withHeader("Access-Control-Request-Method", "POST")
                .raw("OPTIONS", contacts(inbox), null, null);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void anInboxWithoutAllowedOriginsAcceptsEveryOrigin() {
        Fixtures.World world = fixtures.world();
        Api.Response created = new Api(port).withHeader("Origin", EVIL).post(contacts(world.inbox.identifier()), Map.of());
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.header("Access-Control-Allow-Origin")).isEqualTo(EVIL);
    }

    @Test
    void theVisitorSocketRefusesAForeignOrigin() {
        Fixtures.World world = fixtures.world();
        String inbox = restrictedInbox(world);
        Fixtures.Visitor visitor = fixtures.visitor(inbox, "Sam");

        assertThatThrownBy(() -> SocketClient.visitor(port, visitor.pubsubToken(), EVIL))
                .hasCauseInstanceOf(WebSocketHandshakeException.class).hasStackTraceContaining("403");
        try (SocketClient allowed = SocketClient.visitor(port, visitor.pubsubToken(), SHOP)) {
            assertThat(allowed.await("welcome", Duration.ofSeconds(10))).isNotNull();
        }
    }

    @Test
    void aChangeOfTheAllowedOriginsHoldsFromTheNextRequest() {
        Fixtures.World world = fixtures.world();
        Api.Response created = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Shop",
                "channel", Map.of("type", "web_widget", "website_url", SHOP), "allowed_origins", List.of(SHOP)));
        String inbox = created.json().path("website_token").asString();
        long inboxId = created.json().path("id").asLong();
        Api evil = new Api(port).withHeader("Origin", EVIL);
        Api shop = new Api(port).withHeader("Origin", SHOP);
        assertThat(evil.post(contacts(inbox), Map.of()).status()).isEqualTo(403); // the policy now holds the inbox

        assertThat(world.admin.api().patch(world.path("/inboxes/" + inboxId), Map.of("allowed_origins", List.of(EVIL)))
                .status()).isEqualTo(200);
        assertThat(evil.post(contacts(inbox), Map.of()).status()).isEqualTo(200);
        assertThat(shop.post(contacts(inbox), Map.of()).code()).isEqualTo("origin_not_allowed");

        // Emptied, the list lets every origin in again (the demo inbox's setting after the browser tests' change).
        assertThat(world.admin.api().patch(world.path("/inboxes/" + inboxId), Map.of("allowed_origins", List.of()))
                .status()).isEqualTo(200);
        assertThat(shop.post(contacts(inbox), Map.of()).status()).isEqualTo(200);
    }

    @Test
    void allowedOriginsAreValidatedWhenTheInboxIsCreated() {
        Fixtures.World world = fixtures.world();
        Api.Response bad = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Shop",
                "channel", Map.of("type", "web_widget", "website_url", SHOP),
                "allowed_origins", List.of("https://shop.example/path")));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("allowed_origins");
    }

    // ---- helpers

    /** A fresh web-widget inbox that only accepts the shop's origin. */
    private static String restrictedInbox(Fixtures.World world) {
        Api.Response created = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Shop",
                "channel", Map.of("type", "web_widget", "website_url", SHOP), "allowed_origins", List.of(SHOP + "/")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("allowed_origins").valueStream().map(n -> n.asString()).toList()).containsExactly(SHOP);
        return created.json().path("website_token").asString();
    }

    private static String contacts(String inbox) {
        return "/public/api/v1/inboxes/" + inbox + "/contacts";
    }

    private static long contactCount(Fixtures.World world) {
        return world.admin.api().get(world.path("/contacts")).json().path("meta").path("count").asLong();
    }
}
