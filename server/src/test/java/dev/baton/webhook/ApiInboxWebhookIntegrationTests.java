package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Reactions;
import dev.baton.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An API inbox's {@code webhook_url} (Chatwoot's API channel) gets that inbox's conversation and message events,
 * signed with the secret its inbox shows, and nothing of other inboxes or of contacts.
 */
class ApiInboxWebhookIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private JdbcClient jdbc;

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private static JsonNode createApiInbox(Fixtures.World world, String webhookUrl) {
        Api.Response created = world.admin.api().post(world.path("/inboxes"),
                Map.of("name", "Mobile app", "channel", Map.of("type", "api", "webhook_url", webhookUrl)));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        return created.json();
    }

    private static JsonNode inboxWebhook(Fixtures.World world, long inboxId) {
        Api.Response shown = world.admin.api().get(world.path("/inboxes/" + inboxId + "/webhook"));
        assertThat(shown.status()).as("%s", shown).isEqualTo(200);
        return shown.json().path("payload").path("webhook");
    }

    @Test
    void theInboxsConversationAndMessageEventsArriveSignedAndOtherInboxesAndContactsDoNot() throws Exception {
        Fixtures.World world = fixtures.world();
        JsonNode inbox = createApiInbox(world, receiver.url());
        long inboxId = inbox.path("id").asLong();
        assertThat(inbox.path("webhook_url").asString()).isEqualTo(receiver.url());
        JsonNode endpoint = inboxWebhook(world, inboxId);
        assertThat(endpoint.path("secret").asString()).startsWith("whsec_");
        assertThat(endpoint.path("subscriptions").valueStream().map(JsonNode::asString).toList())
                .containsExactlyElementsOf(WebhookEvents.API_INBOX);

        // First a conversation in the account's website inbox: not this inbox's, never sent here.
        world.conversationFrom(world.visitor("Elsewhere"), "from the website");
        Fixtures.Visitor app = fixtures.visitor(inbox.path("inbox_identifier").asString(), "App user");
        long conversationId = world.conversationFrom(app, "from the app");

        WebhookReceiver.Request created = receiver.next("conversation_created", WAIT);
        new Webhook(endpoint.path("secret").asString()).verify(created.body(), created.headers());
        assertThat(created.json().path("id").asLong()).isEqualTo(conversationId);
        assertThat(created.json().path("inbox_id").asLong()).isEqualTo(inboxId);
        assertThat(created.json().path("channel").asString()).isEqualTo("Channel::Api");
        JsonNode message = receiver.next("message_created", WAIT).json();
        assertThat(message.path("content").asString()).isEqualTo("from the app");
        assertThat(message.path("inbox").path("id").asLong()).isEqualTo(inboxId);

        // Every reaction has run: what was queued for this endpoint is all there will be.
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        Api.Response log = world.admin.api().get(world.path("/webhooks/" + endpoint.path("id").asLong() + "/deliveries"));
        assertThat(log.status()).as("%s", log).isEqualTo(200);
        List<JsonNode> queued = log.json().path("payload").valueStream().toList();
        assertThat(queued).extracting(d -> d.path("event").asString())
                .containsExactlyInAnyOrder("conversation_created", "message_created");
        assertThat(queued).allSatisfy(d -> assertThat(d.path("payload").toString()).doesNotContain("from the website"));
    }

    @Test
    void theEndpointFollowsItsInboxAndIsNotAnAccountWebhook() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long inboxId = createApiInbox(world, receiver.url()).path("id").asLong();
        long endpointId = inboxWebhook(world, inboxId).path("id").asLong();

        assertThat(admin.get(world.path("/webhooks")).json().path("payload").path("webhooks")).isEmpty();
        assertThat(admin.delete(world.path("/webhooks/" + endpointId)).status()).isEqualTo(404);
        assertThat(admin.patch(world.path("/webhooks/" + endpointId), Map.of("url", "https://elsewhere.example/x")).status())
                .isEqualTo(404);

        String moved = receiver.url() + "/moved";
        assertThat(admin.patch(world.path("/inboxes/" + inboxId), Map.of("channel", Map.of("webhook_url", moved))).status())
                .isEqualTo(200);
        assertThat(inboxWebhook(world, inboxId).path("url").asString()).isEqualTo(moved);
        assertThat(inboxWebhook(world, inboxId).path("id").asLong()).isEqualTo(endpointId);

        assertThat(admin.patch(world.path("/inboxes/" + inboxId), Map.of("channel", Map.of("webhook_url", ""))).status())
                .isEqualTo(200);
        assertThat(admin.get(world.path("/inboxes/" + inboxId + "/webhook")).status()).isEqualTo(404);
    }

    @Test
    void aWebsiteInboxHasNoSuchEndpointAndAnAgentCannotSeeTheSecret() {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().get(world.path("/inboxes/" + world.inbox.id() + "/webhook")).status()).isEqualTo(404);
        long inboxId = createApiInbox(world, receiver.url()).path("id").asLong();
        Fixtures.Person agent = world.agent("Ann");
        assertThat(agent.api().get(world.path("/inboxes/" + inboxId + "/webhook")).status()).isIn(403, 404);
    }
}
