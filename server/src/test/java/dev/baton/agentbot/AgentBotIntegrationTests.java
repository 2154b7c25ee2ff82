package dev.baton.agentbot;

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
 * An external agent bot, Chatwoot's model: made and bound to an inbox through the API, it gets its events at a
 * real receiver on loopback (signatures checked with the official Standard Webhooks library), answers with its own
 * token, hands over to people and gets the conversation back with the context.
 */
class AgentBotIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private JdbcClient jdbc;

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private record Bot(long id, String token, String secret, Api api) {
    }

    private Bot bot(Fixtures.World world, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "FAQ bot", "description", "Answers questions",
                "outgoing_url", receiver.url(), "avatar_url", "https://cdn.example/faq.png"));
        body.putAll(extra);
        Api.Response created = world.admin.api().post(world.path("/agent_bots"), body);
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        JsonNode bot = created.json();
        Api.Response bound = world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", bot.path("id").asLong()));
        assertThat(bound.status()).as("%s", bound).isEqualTo(204);
        return new Bot(bot.path("id").asLong(), bot.path("access_token").asString(), bot.path("secret").asString(),
                new Api(port()).withToken(bot.path("access_token").asString()));
    }

    private int port() {
        return port;
    }

    @Test
    void agentBotsAreMadeShownChangedAndDeletedInChatwootsShape() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response created = admin.post(world.path("/agent_bots"), Map.of("name", "FAQ bot", "description", "Answers",
                "outgoing_url", receiver.url(), "events", List.of("message_created", "handoff_ended")));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        JsonNode bot = created.json();
        assertThat(bot.path("name").asString()).isEqualTo("FAQ bot");
        assertThat(bot.path("outgoing_url").asString()).isEqualTo(receiver.url());
        assertThat(bot.path("bot_type").asString()).isEqualTo("webhook");
        assertThat(bot.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(bot.path("access_token").asString()).hasSizeGreaterThan(20);
        assertThat(bot.path("secret").asString()).startsWith("whsec_");
        assertThat(bot.path("thumbnail").asString()).isEmpty();
        assertThat(bot.path("events").valueStream().map(JsonNode::asString).toList()).containsExactly("message_created", "handoff_ended");
        long id = bot.path("id").asLong();

        JsonNode listed = admin.get(world.path("/agent_bots")).json();
        assertThat(listed.isArray()).isTrue();
        assertThat(listed.get(0).path("id").asLong()).isEqualTo(id);
        assertThat(listed.get(0).path("access_token").isNull()).as("stored hashed: shown once").isTrue();

        Api.Response changed = admin.patch(world.path("/agent_bots/" + id), Map.of("name", "Help bot"));
        assertThat(changed.json().path("name").asString()).isEqualTo("Help bot");
        assertThat(admin.get(world.path("/agent_bots/" + id)).json().path("description").asString()).isEqualTo("Answers");

        admin.post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"), Map.of("agent_bot", id));
        assertThat(admin.get(world.path("/inboxes/" + world.inbox.id() + "/agent_bot")).json().path("id").asLong()).isEqualTo(id);

        assertThat(admin.delete(world.path("/agent_bots/" + id)).status()).isEqualTo(200);
        assertThat(admin.get(world.path("/agent_bots/" + id)).status()).isEqualTo(404);
        assertThat(admin.get(world.path("/inboxes/" + world.inbox.id() + "/agent_bot")).status()).isEqualTo(204);
    }

    @Test
    void badAgentBotInputIsRefusedWithStableCodes() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response unknown = admin.post(world.path("/agent_bots"), Map.of("name", "X", "outgoing_url", receiver.url(),
                "events", List.of("message_created", "everything")));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("unknown_event");
        Api.Response noName = admin.post(world.path("/agent_bots"), Map.of("outgoing_url", receiver.url()));
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.body()).contains("\"field\":\"name\"");
        Api.Response agent = world.agent("Ann").api().post(world.path("/agent_bots"), Map.of("name", "X", "outgoing_url", receiver.url()));
        assertThat(agent.status()).isEqualTo(403);
        Api.Response noBot = admin.post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"), Map.of("agent_bot", 999999));
        assertThat(noBot.status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM agent_bot WHERE account_id = ?").params(world.id()).query(Integer.class).single())
                .isZero();
    }

    @Test
    void theBotGetsTheVisitorsMessagesAnswersAsItselfHandsOverAndGetsTheConversationBackWithContext() throws Exception {
        Fixtures.World world = fixtures.world();
        Bot bot = bot(world, Map.of());
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = world.conversationFrom(visitor, "Where is my parcel?");

        WebhookReceiver.Request openedRequest = receiver.next("conversation_opened", WAIT);
        new Webhook(bot.secret()).verify(openedRequest.body(), openedRequest.headers());
        assertThat(openedRequest.json().path("id").asLong()).isEqualTo(conversationId);
        assertThat(openedRequest.json().path("status").asString()).isEqualTo("pending");
        WebhookReceiver.Request incoming = receiver.next("message_created", WAIT);
        new Webhook(bot.secret()).verify(incoming.body(), incoming.headers());
        assertThat(incoming.json().path("content").asString()).isEqualTo("Where is my parcel?");
        assertThat(incoming.json().path("message_type").asString()).isEqualTo("incoming");
        assertThat(incoming.json().path("conversation").path("status").asString()).isEqualTo("pending");

        // The bot answers with buttons, as itself, with its own token.
        Api.Response answer = bot.api().post(world.path("/conversations/" + conversationId + "/messages"), Map.of(
                "content", "What is it about?", "message_type", "outgoing", "content_type", "input_select",
                "content_attributes", Map.of("items", List.of(Map.of("title", "Shipping", "value", "shipping"),
                        Map.of("title", "Talk to a person", "value", "agent")))));
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        JsonNode seen = visitor.api().get(visitor.path() + "/conversations/" + conversationId + "/messages").json();
        JsonNode botMessage = seen.valueStream().filter(m -> "What is it about?".equals(m.path("content").asString()))
                .findFirst().orElseThrow();
        assertThat(botMessage.path("content_type").asString()).isEqualTo("input_select");
        assertThat(botMessage.path("sender").path("name").asString()).isEqualTo("FAQ bot");
        assertThat(botMessage.path("sender").path("avatar_url").asString()).isEqualTo("https://cdn.example/faq.png");
        JsonNode forAgents = world.admin.api().get(world.path("/conversations/" + conversationId + "/messages")).json().path("payload");
        assertThat(forAgents.valueStream().filter(m -> "What is it about?".equals(m.path("content").asString())).findFirst()
                .orElseThrow().path("sender").path("name").asString()).isEqualTo("FAQ bot");

        // Typing, labels and custom attributes with the bot's token.
        assertThat(bot.api().post(world.path("/conversations/" + conversationId + "/toggle_typing_status"),
                Map.of("typing_status", "on")).status()).isEqualTo(200);
        assertThat(bot.api().post(world.path("/conversations/" + conversationId + "/labels"),
                Map.of("labels", List.of("shipping"))).status()).isEqualTo(200);

        // The bot hands over: Chatwoot's toggle_status open from pending is a routing handoff.
        Api.Response handedOver = bot.api().post(world.path("/conversations/" + conversationId + "/toggle_status"),
                Map.of("status", "open"));
        assertThat(handedOver.status()).as("%s", handedOver).isEqualTo(200);
        JsonNode started = receiver.next("handoff_started", WAIT).json();
        assertThat(started.path("conversation").path("id").asLong()).isEqualTo(conversationId);
        assertThat(started.path("conversation").path("owner").asString()).isEqualTo("queue");

        // No longer the bot's: refused with a code, and the visitor's messages no longer reach it.
        Api.Response refused = bot.api().post(world.path("/conversations/" + conversationId + "/messages"),
                Map.of("content", "Still here"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("not_owned_by_bot");
        visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages", Map.of("content", "Hello?"));

        // An agent takes it and hands back with one action: the bot gets the context.
        world.admin.api().post(world.path("/conversations/" + conversationId + "/assignments"),
                Map.of("assignee_id", world.admin.id()));
        world.admin.api().post(world.path("/conversations/" + conversationId + "/toggle_status"), Map.of("status", "pending"));
        JsonNode returned = receiver.next("conversation_returned", WAIT).json();
        assertThat(returned.path("id").asLong()).isEqualTo(conversationId);
        assertThat(returned.path("status").asString()).isEqualTo("pending");
        assertThat(returned.path("context").path("previous_owner").asString()).isEqualTo("agent");
        assertThat(returned.path("context").path("agent").path("id").asLong()).isEqualTo(world.admin.id());

        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        List<String> contents = receiver.all().stream().filter(r -> "message_created".equals(r.event()))
                .map(r -> r.json().path("content").asString()).toList();
        assertThat(contents).as("the visitor's first message only: not its own, not after the handoff")
                .containsExactly("Where is my parcel?");
        assertThat(bot.api().post(world.path("/conversations/" + conversationId + "/messages"),
                Map.of("content", "Welcome back")).status()).isEqualTo(200);
    }

    @Test
    void theVisitorsAnswerToTheBotsFormReachesTheBotAsMessageUpdatedWithSubmittedValues() throws Exception {
        Fixtures.World world = fixtures.world();
        Bot bot = bot(world, Map.of());
        Fixtures.Visitor visitor = world.visitor("Fay");
        long conversationId = world.conversationFrom(visitor, "I want a call back");
        receiver.next("message_created", WAIT);
        Api.Response form = bot.api().post(world.path("/conversations/" + conversationId + "/messages"), Map.of(
                "content", "Your details", "message_type", "outgoing", "content_type", "form",
                "content_attributes", Map.of("items", List.of(Map.of("name", "phone", "label", "Phone", "type", "text")))));
        assertThat(form.status()).as("%s", form).isEqualTo(200);
        long formId = form.json().path("id").asLong();
        // The bot changes its own form: it is not told of its own change.
        Api.Response own = bot.api().patch(world.path("/conversations/" + conversationId + "/messages/" + formId),
                Map.of("content_attributes", Map.of("submit_label", "Call me")));
        assertThat(own.status()).as("%s", own).isEqualTo(200);

        Api.Response answered = visitor.api().patch(visitor.path() + "/conversations/" + conversationId + "/messages/" + formId,
                Map.of("submitted_values", List.of(Map.of("name", "phone", "title", "Phone", "value", "+41 44 000 00 00"))));
        assertThat(answered.status()).as("%s", answered).isEqualTo(200);

        WebhookReceiver.Request updated = receiver.next("message_updated", WAIT);
        new Webhook(bot.secret()).verify(updated.body(), updated.headers());
        assertThat(updated.json().path("id").asLong()).isEqualTo(formId);
        assertThat(updated.json().path("content_type").asString()).isEqualTo("form");
        assertThat(updated.json().path("content_attributes").path("submitted_values").path(0).path("value").asString())
                .isEqualTo("+41 44 000 00 00");
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE account_id = ? AND event = 'message_updated'")
                .param(world.id()).query(Long.class).single()).as("one message_updated: the visitor's answer, not the bot's own change")
                .isEqualTo(1L);
    }

    @Test
    void aBotCannotActInAnotherAccountOrOnAnotherInboxesConversations() {
        Fixtures.World world = fixtures.world();
        Bot bot = bot(world, Map.of());
        Fixtures.World other = fixtures.world();
        assertThat(bot.api().get(other.path("/conversations")).status()).isEqualTo(404);
        assertThat(bot.api().get(world.path("/agent_bots")).status()).as("bots administer nothing").isEqualTo(403);
        Api.Response badToken = new Api(port()).withToken("nope").get(world.path("/conversations"));
        assertThat(badToken.status()).isEqualTo(401);
    }
}
