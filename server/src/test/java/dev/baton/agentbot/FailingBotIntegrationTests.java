package dev.baton.agentbot;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A bot that fails: a dead bot (every delivery answered 500) and a slow bot (acknowledges, never replies) on
 * loopback; the conversation goes to people with reason bot_unavailable and the visitor is told in the inbox's
 * language; the circuit breaker keeps new conversations from a dead bot and re-arms when it answers again.
 */
class FailingBotIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Autowired
    private JdbcClient jdbc;

    private final WebhookReceiver botHook = new WebhookReceiver();
    private final WebhookReceiver accountHook = new WebhookReceiver();

    @AfterEach
    void stop() {
        botHook.close();
        accountHook.close();
    }

    private long bot(Fixtures.World world, Map<String, Object> settings) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "Flaky", "outgoing_url", botHook.url()));
        body.putAll(settings);
        JsonNode created = world.admin.api().post(world.path("/agent_bots"), body).json();
        world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", created.path("id").asLong()));
        Api.Response hook = world.admin.api().post(world.path("/webhooks"), Map.of("url", accountHook.url(),
                "subscriptions", List.of("handoff_started")));
        assertThat(hook.status()).as("%s", hook).isEqualTo(200);
        return created.path("id").asLong();
    }

    private JsonNode handoffOf(long conversationId) {
        return accountHook.next(r -> r.json().path("conversation").path("id").asLong() == conversationId, WAIT).json();
    }

    @Test
    void aDeadBotsConversationGoesToPeopleTheVisitorIsToldAndTheBreakerKeepsNewOnesFromIt() {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().patch(world.path("/inboxes/" + world.inbox.id()), Map.of("locale", "de")).status())
                .isEqualTo(200);
        long botId = bot(world, Map.of("max_failures", 2));
        botHook.answerOtherwise(WebhookReceiver.Answer.status(500));
        Fixtures.Visitor visitor = world.visitor("Vera");
        long first = world.conversationFrom(visitor, "Hallo?");

        JsonNode handoff = handoffOf(first);
        assertThat(handoff.path("reason").asString()).isEqualTo("bot_unavailable");
        JsonNode messages = visitor.api().get(visitor.path() + "/conversations/" + first + "/messages").json();
        assertThat(messages.valueStream().map(m -> m.path("content").asString()).toList())
                .contains("Unser Assistent ist gerade nicht erreichbar. Eine Person antwortet Ihnen hier.");

        // The breaker is open: the next conversation goes to people at once, and nothing is queued for the bot.
        Fixtures.Visitor other = world.visitor("Otto");
        long second = world.conversationFrom(other, "Hallo");
        assertThat(handoffOf(second).path("reason").asString()).isEqualTo("bot_unavailable");
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM webhook_delivery d JOIN agent_bot b ON b.endpoint_id = d.webhook_id
                WHERE b.id = ? AND d.event_key LIKE ?""").params(botId, "%:c" + second + ":%").query(Integer.class).single())
                .isZero();

        // It answers again: a retried delivery succeeds, the breaker re-arms, new conversations are the bot's.
        botHook.answerOtherwise(WebhookReceiver.Answer.status(200));
        int before = botHook.all().size();
        botHook.next(r -> botHook.all().indexOf(r) >= before, WAIT);
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        long third = world.conversationFrom(world.visitor("Ida"), "Hi");
        assertThat(botHook.next(r -> "conversation_opened".equals(r.event()) && r.json().path("id").asLong() == third, WAIT)
                .json().path("status").asString()).isEqualTo("pending");
    }

    @Test
    void aSlowBotThatAcknowledgesButDoesNotReplyInTimeLosesTheConversationToPeople() {
        Fixtures.World world = fixtures.world();
        bot(world, Map.of("reply_deadline_seconds", 1));
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversation = world.conversationFrom(visitor, "Anyone?");
        botHook.next("message_created", WAIT);
        assertThat(handoffOf(conversation).path("reason").asString()).isEqualTo("bot_unavailable");
        JsonNode messages = visitor.api().get(visitor.path() + "/conversations/" + conversation + "/messages").json();
        assertThat(messages.valueStream().map(m -> m.path("content").asString()).toList())
                .contains("Our assistant is not available right now. A person will answer you here.");
    }

    @Test
    void aBotThatRepliesInTimeKeepsTheConversationAndBadLimitsAreRefused() {
        Fixtures.World world = fixtures.world();
        Api.Response bad = world.admin.api().post(world.path("/agent_bots"), Map.of("name", "X", "outgoing_url", botHook.url(),
                "max_failures", 0));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("\"field\":\"max_failures\"");
        JsonNode created = world.admin.api().post(world.path("/agent_bots"), Map.of("name", "Quick", "outgoing_url", botHook.url(),
                "reply_deadline_seconds", 2)).json();
        world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", created.path("id").asLong()));
        Api bot = new Api(port).withToken(created.path("access_token").asString());
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversation = world.conversationFrom(visitor, "Hi");
        botHook.next("message_created", WAIT);
        assertThat(bot.post(world.path("/conversations/" + conversation + "/messages"), Map.of("content", "Hello!")).status())
                .isEqualTo(200);
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM agent_bot_reply_due WHERE conversation_id = ?").params(conversation)
                .query(Integer.class).single()).as("the reply was owed and is paid").isZero();
    }
}
