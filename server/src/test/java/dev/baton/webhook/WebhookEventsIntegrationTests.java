package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Reactions;
import dev.baton.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every event a webhook can subscribe to reaches a real receiver on loopback with Chatwoot's payload shape
 * (or Baton's, for its own events), signed per Standard Webhooks (checked with the official library) and
 * per Chatwoot.
 */
class WebhookEventsIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private JdbcClient jdbc;

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String subscribe(Fixtures.World world, List<String> events) {
        return subscribe(world, receiver.url(), events).path("secret").asString();
    }

    private static JsonNode subscribe(Fixtures.World world, String url, List<String> events) {
        Api.Response created = world.admin.api().post(world.path("/webhooks"), Map.of("url", url, "subscriptions", events));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        return created.json().path("payload").path("webhook");
    }

    /** Both signatures hold: Standard Webhooks by the official library, Chatwoot's by its recipe. */
    private static void assertSigned(WebhookReceiver.Request request, String secret) throws Exception {
        new Webhook(secret).verify(request.body(), request.headers());
        String timestamp = request.header("X-Chatwoot-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + request.body())
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-Chatwoot-Signature")).isEqualTo(expected);
        assertThat(request.header("X-Chatwoot-Delivery")).isEqualTo(request.header("webhook-id")).startsWith("msg_");
        assertThat(request.header("webhook-timestamp")).isEqualTo(timestamp);
        assertThat(request.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void conversationsMessagesAndContactsArriveInChatwootsShapesSignedBothWays() throws Exception {
        Fixtures.World world = fixtures.world();
        String secret = subscribe(world, WebhookEvents.CHATWOOT);

        Fixtures.Visitor visitor = world.visitor("Vera");
        JsonNode contact = receiver.next("contact_created", WAIT).json();
        assertThat(contact.path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(contact.path("name").asString()).isEqualTo("Vera");
        assertThat(contact.path("avatar").asString()).isEmpty();
        assertThat(contact.path("account").path("id").asLong()).isEqualTo(world.id());
        assertThat(contact.path("account").path("name").asString()).isEqualTo(world.account.name());

        long conversationId = world.conversationFrom(visitor, "Where is my parcel?");
        WebhookReceiver.Request createdRequest = receiver.next("conversation_created", WAIT);
        assertSigned(createdRequest, secret);
        JsonNode conversation = createdRequest.json();
        assertThat(conversation.path("id").asLong()).isEqualTo(conversationId);
        assertThat(conversation.path("inbox_id").asLong()).isEqualTo(world.inbox.id());
        assertThat(conversation.path("status").asString()).isEqualTo("open");
        assertThat(conversation.path("channel").asString()).isEqualTo("Channel::WebWidget");
        assertThat(conversation.path("contact_inbox").path("source_id").asString()).isEqualTo(visitor.sourceId());
        assertThat(conversation.path("meta").path("sender").path("name").asString()).isEqualTo("Vera");
        assertThat(conversation.path("meta").path("sender").path("type").asString()).isEqualTo("contact");
        assertThat(conversation.path("owner").asString()).isEqualTo("queue");
        assertThat(conversation.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(conversation.has("labels") && conversation.has("custom_attributes") && conversation.has("additional_attributes")
                && conversation.has("unread_count") && conversation.has("timestamp") && conversation.has("can_reply")).isTrue();

        WebhookReceiver.Request incomingRequest = receiver.next("message_created", WAIT);
        assertSigned(incomingRequest, secret);
        JsonNode incoming = incomingRequest.json();
        assertThat(incoming.path("content").asString()).isEqualTo("Where is my parcel?");
        assertThat(incoming.path("message_type").asString()).isEqualTo("incoming");
        assertThat(incoming.path("content_type").asString()).isEqualTo("text");
        assertThat(incoming.path("private").asBoolean()).isFalse();
        assertThat(incoming.path("sender").path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(incoming.path("sender").path("type").asString()).isEqualTo("contact");
        assertThat(incoming.path("inbox").path("id").asLong()).isEqualTo(world.inbox.id());
        assertThat(incoming.path("inbox").path("name").asString()).isEqualTo(world.inbox.name());
        assertThat(incoming.path("account").path("id").asLong()).isEqualTo(world.id());
        assertThat(incoming.path("conversation").path("id").asLong()).isEqualTo(conversationId);
        assertThat(incoming.path("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        Api admin = world.admin.api();
        admin.post(world.path("/conversations/" + conversationId + "/messages"), Map.of("content", "It ships today"));
        JsonNode reply = receiver.next(r -> "message_created".equals(r.event())
                && "It ships today".equals(r.json().path("content").asString()), WAIT).json();
        assertThat(reply.path("message_type").asString()).isEqualTo("outgoing");
        assertThat(reply.path("sender").path("type").asString()).isEqualTo("user");
        assertThat(reply.path("sender").path("id").asLong()).isEqualTo(world.admin.id());
        assertThat(reply.path("sender").path("email").asString()).isEqualTo(world.admin.email());

        admin.post(world.path("/conversations/" + conversationId + "/messages"), Map.of("content", "VIP customer", "private", true));
        JsonNode note = receiver.next(r -> "message_created".equals(r.event())
                && "VIP customer".equals(r.json().path("content").asString()), WAIT).json();
        assertThat(note.path("private").asBoolean()).isTrue();

        admin.post(world.path("/conversations/" + conversationId + "/assignments"), Map.of("assignee_id", world.admin.id()));
        JsonNode assigned = receiver.next(r -> "conversation_updated".equals(r.event())
                && r.json().path("meta").path("assignee").path("id").asLong() == world.admin.id(), WAIT).json();
        assertThat(assigned.path("changed_attributes").valueStream().map(c -> c.propertyNames().iterator().next()).toList())
                .contains("assignee_id");
        assertThat(assigned.path("meta").path("assignee_type").asString()).isEqualTo("User");

        admin.post(world.path("/conversations/" + conversationId + "/toggle_status"), Map.of("status", "resolved"));
        JsonNode resolved = receiver.next("conversation_status_changed", WAIT).json();
        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        JsonNode statusChange = resolved.path("changed_attributes").get(0).path("status");
        assertThat(statusChange.path("previous_value").asString()).isEqualTo("open");
        assertThat(statusChange.path("current_value").asString()).isEqualTo("resolved");
        receiver.next(r -> "conversation_updated".equals(r.event()) && "resolved".equals(r.json().path("status").asString()), WAIT);

        // Activity lines ("Resolved by ...") are not sent, as in Chatwoot: once every reaction has run, the
        // messages that arrived are exactly the three written by people.
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        JsonNode deliveries = admin.get(world.path("/webhooks/" + webhookId(world) + "/deliveries?per_page=100")).json().path("payload");
        assertThat(deliveries.valueStream().filter(d -> "message_created".equals(d.path("event").asString())).count()).isEqualTo(3);
    }

    @Test
    void aDeletedMessageArrivesAsMessageUpdated() throws Exception {
        Fixtures.World world = fixtures.world();
        String secret = subscribe(world, List.of("message_updated"));
        long conversationId = world.conversationFrom(world.visitor("Ida"), "hi");
        String messages = world.path("/conversations/" + conversationId + "/messages");
        long id = world.admin.api().post(messages, Map.of("content", "wrong answer")).json().path("id").asLong();

        assertThat(world.admin.api().delete(messages + "/" + id).status()).isEqualTo(200);

        WebhookReceiver.Request request = receiver.next("message_updated", WAIT);
        assertSigned(request, secret);
        assertThat(request.json().path("id").asLong()).isEqualTo(id);
        assertThat(request.json().path("content").asString()).isEqualTo("This message was deleted");
        assertThat(request.json().path("content_attributes").path("deleted").asBoolean()).isTrue();
    }

    @Test
    void contactChangesAndTheWidgetOpeningArrive() throws Exception {
        Fixtures.World world = fixtures.world();
        String secret = subscribe(world, List.of("contact_updated", "webwidget_triggered"));
        Fixtures.Visitor visitor = world.visitor("Ida");
        long conversationId = world.conversationFrom(visitor, "hi");

        world.admin.api().patch(world.path("/contacts/" + visitor.contactId()), Map.of("name", "Ida Meier",
                "email", "ida@shop.example"));
        WebhookReceiver.Request updatedRequest = receiver.next("contact_updated", WAIT);
        assertSigned(updatedRequest, secret);
        JsonNode updated = updatedRequest.json();
        assertThat(updated.path("name").asString()).isEqualTo("Ida Meier");
        assertThat(updated.path("email").asString()).isEqualTo("ida@shop.example");
        Map<String, JsonNode> changes = new java.util.HashMap<>();
        updated.path("changed_attributes").forEach(c -> c.properties().forEach(p -> changes.put(p.getKey(), p.getValue())));
        assertThat(changes.get("name").path("previous_value").asString()).isEqualTo("Ida");
        assertThat(changes.get("name").path("current_value").asString()).isEqualTo("Ida Meier");
        assertThat(changes.get("email").path("previous_value").isNull()).isTrue();

        Api.Response opened = visitor.api().withHeader("Accept-Language", "de-CH,de;q=0.9").post(visitor.path() + "/events",
                Map.of("name", "webwidget.triggered", "event_info", Map.of("referer_url", "https://shop.example/cart",
                        "initiated_at", Map.of("timestamp", "Thu Dec 03 2026 08:00:00"), "widget_language", "de")));
        assertThat(opened.status()).as("%s", opened).isEqualTo(204);
        JsonNode triggered = receiver.next("webwidget_triggered", WAIT).json();
        assertThat(triggered.path("source_id").asString()).isEqualTo(visitor.sourceId());
        assertThat(triggered.path("contact").path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(triggered.path("inbox").path("id").asLong()).isEqualTo(world.inbox.id());
        assertThat(triggered.path("current_conversation").path("id").asLong()).isEqualTo(conversationId);
        assertThat(triggered.path("event_info").path("referer_url").asString()).isEqualTo("https://shop.example/cart");
        assertThat(triggered.path("event_info").path("browser_language").asString()).isEqualTo("de-CH");
        assertThat(triggered.path("event_info").path("widget_language").asString()).isEqualTo("de");

        dev.baton.testing.Problems.assertFieldProblem(visitor.api().post(visitor.path() + "/events",
                Map.of("name", "webwidget.exploded")), 422, "validation_failed", "name", "inclusion");
    }

    @Test
    void handoffsOffersAndAgentStatusArriveAsBatonsEvents() {
        Fixtures.World world = fixtures.world();
        subscribe(world, WebhookEvents.BATON);
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Support", "offer_mode", "sequential")).json()
                .path("id").asLong();
        Fixtures.Person anna = world.agent("Anna");
        Fixtures.Person ben = world.agent("Ben");
        for (Fixtures.Person p : List.of(anna, ben)) {
            admin.patch(world.path("/agents/" + p.id()), Map.of("licensed", true));
            admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
            p.api().put("/api/v1/profile/availability", Map.of("availability", "available"));
            JsonNode status = receiver.next(r -> "agent_status_changed".equals(r.event())
                    && r.json().path("agent").path("id").asLong() == p.id(), WAIT).json();
            assertThat(status.path("status").asString()).isEqualTo("available");
            assertThat(status.path("agent").path("type").asString()).isEqualTo("user");
        }

        long conversationId = world.conversationFrom(world.visitor("Tom"), "I need a person");
        assertThat(admin.post(world.path("/conversations/" + conversationId + "/handoff"), Map.of("team_id", teamId,
                "reason", "billing question", "summary", "Invoice 42 is wrong")).status()).isEqualTo(200);
        JsonNode started = receiver.next("handoff_started", WAIT).json();
        assertThat(started.path("reason").asString()).isEqualTo("billing question");
        assertThat(started.path("summary").asString()).isEqualTo("Invoice 42 is wrong");
        assertThat(started.path("team").path("name").asString()).isEqualTo("Support");
        assertThat(started.path("conversation").path("id").asLong()).isEqualTo(conversationId);
        assertThat(started.path("conversation").path("owner").asString()).isEqualTo("queue");

        JsonNode first = receiver.next("offer_created", WAIT).json();
        assertThat(first.path("status").asString()).isEqualTo("pending");
        assertThat(first.path("kind").asString()).isEqualTo("handoff");
        assertThat(first.path("expires_at").asLong()).isPositive();
        Fixtures.Person firstAgent = first.path("agent").path("id").asLong() == anna.id() ? anna : ben;
        Fixtures.Person secondAgent = firstAgent == anna ? ben : anna;
        assertThat(firstAgent.api().post(world.path("/offers/" + first.path("id").asLong() + "/decline"), Map.of()).status())
                .isEqualTo(200);
        JsonNode declined = receiver.next("offer_declined", WAIT).json();
        assertThat(declined.path("id").asLong()).isEqualTo(first.path("id").asLong());
        assertThat(declined.path("agent").path("id").asLong()).isEqualTo(firstAgent.id());

        JsonNode second = receiver.next("offer_created", WAIT).json();
        assertThat(second.path("agent").path("id").asLong()).isEqualTo(secondAgent.id());
        assertThat(secondAgent.api().post(world.path("/offers/" + second.path("id").asLong() + "/accept"), Map.of()).status())
                .isEqualTo(200);
        assertThat(receiver.next("offer_accepted", WAIT).json().path("id").asLong()).isEqualTo(second.path("id").asLong());
        JsonNode ended = receiver.next("handoff_ended", WAIT).json();
        assertThat(ended.path("outcome").asString()).isEqualTo("handled");
        assertThat(ended.path("kind").asString()).isEqualTo("handoff");
        assertThat(ended.path("agent").path("id").asLong()).isEqualTo(secondAgent.id());
        assertThat(ended.path("conversation").path("meta").path("assignee").path("id").asLong()).isEqualTo(secondAgent.id());
    }

    @Test
    void anOfferNobodyAnswersExpiresAndOneTakenByAnotherIsWithdrawn() {
        Fixtures.World world = fixtures.world();
        subscribe(world, List.of("offer_expired", "offer_withdrawn", "agent_status_changed"));
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Fast", "offer_mode", "broadcast",
                "offer_timeout_seconds", 5)).json().path("id").asLong();
        Fixtures.Person anna = world.agent("Anna");
        Fixtures.Person ben = world.agent("Ben");
        for (Fixtures.Person p : List.of(anna, ben)) {
            admin.patch(world.path("/agents/" + p.id()), Map.of("licensed", true));
            admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
            p.api().put("/api/v1/profile/availability", Map.of("availability", "available"));
        }
        long taken = world.conversationFrom(world.visitor("One"), "first");
        admin.post(world.path("/conversations/" + taken + "/handoff"), Map.of("team_id", teamId));
        JsonNode offer = awaitOfferFor(anna, world, taken);
        assertThat(anna.api().post(world.path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of()).status()).isEqualTo(200);
        JsonNode withdrawn = receiver.next("offer_withdrawn", WAIT).json();
        assertThat(withdrawn.path("agent").path("id").asLong()).isEqualTo(ben.id());
        assertThat(withdrawn.path("reason").asString()).isEqualTo("accepted_by_another_agent");

        long missed = world.conversationFrom(world.visitor("Two"), "second");
        admin.post(world.path("/conversations/" + missed + "/handoff"), Map.of("team_id", teamId));
        // Broadcast: both are offered it; neither answers, so each offer expires and its agent goes to RONA.
        JsonNode expired = receiver.next("offer_expired", WAIT).json();
        long missedBy = expired.path("agent").path("id").asLong();
        assertThat(missedBy).isIn(anna.id(), ben.id());
        assertThat(expired.path("conversation").path("id").asLong()).isEqualTo(missed);
        assertThat(expired.path("status").asString()).isEqualTo("expired");
        receiver.next(r -> "agent_status_changed".equals(r.event()) && "rona".equals(r.json().path("status").asString())
                && r.json().path("agent").path("id").asLong() == missedBy, WAIT);
    }

    @Test
    void aWebhookGetsOnlyTheEventsItSubscribedTo() {
        Fixtures.World world = fixtures.world();
        WebhookReceiver everything = new WebhookReceiver();
        try (everything) {
            subscribe(world, List.of("message_created"));
            subscribe(world, everything.url(), WebhookEvents.CHATWOOT);
            long conversationId = world.conversationFrom(world.visitor("Uma"), "hello");
            everything.next("contact_created", WAIT);
            everything.next("conversation_created", WAIT);
            everything.next("message_created", WAIT);
            Reactions.awaitSettled(jdbc, world.id(), WAIT);

            JsonNode mine = world.admin.api().get(world.path("/webhooks/" + webhookId(world) + "/deliveries")).json().path("payload");
            assertThat(mine.valueStream().map(d -> d.path("event").asString()).toList()).containsExactly("message_created");
            assertThat(receiver.next("message_created", WAIT).json().path("conversation").path("id").asLong())
                    .isEqualTo(conversationId);
        }
    }

    private long webhookId(Fixtures.World world) {
        return world.admin.api().get(world.path("/webhooks")).json().path("payload").path("webhooks").valueStream()
                .filter(w -> receiver.url().equals(w.path("url").asString())).findFirst().orElseThrow().path("id").asLong();
    }

    private static JsonNode awaitOfferFor(Fixtures.Person agent, Fixtures.World world, long conversationId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode o : agent.api().get(world.path("/offers")).json().path("payload")) {
                if (o.path("conversation_id").asLong() == conversationId) {
                    return o;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no offer for " + conversationId);
    }
}
