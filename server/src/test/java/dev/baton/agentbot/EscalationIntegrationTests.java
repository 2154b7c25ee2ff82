package dev.baton.agentbot;

import static dev.baton.testing.Problems.assertFieldProblem;
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
 * Escalation by contact label (seed 004): a bot tags the contact {@code escalated} and people get the conversation;
 * while the tag stays, the contact's new conversations go to people; an agent removes it and the next one starts
 * with the bot again.
 */
class EscalationIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebhookReceiver hook = new WebhookReceiver();

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void stop() {
        hook.close();
    }

    @Test
    void aBotTaggingTheContactEscalatedHandsOverUntilAnAgentRemovesTheTag() {
        Fixtures.World world = fixtures.world();
        JsonNode created = world.admin.api().post(world.path("/agent_bots"), Map.of("name", "Triage", "outgoing_url", hook.url()))
                .json();
        Api bot = new Api(port).withToken(created.path("access_token").asString());
        world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", created.path("id").asLong()));
        Fixtures.Visitor visitor = world.visitor("Vera");
        long first = world.conversationFrom(visitor, "My order never came");
        hook.next("message_created", WAIT);

        Api.Response tagged = bot.post(world.path("/contacts/" + visitor.contactId() + "/labels"), Map.of("labels", List.of("escalated")));
        assertThat(tagged.status()).as("%s", tagged).isEqualTo(200);
        JsonNode started = hook.next("handoff_started", WAIT).json();
        assertThat(started.path("reason").asString()).isEqualTo("escalated");
        assertThat(started.path("conversation").path("id").asLong()).isEqualTo(first);

        world.admin.api().post(world.path("/conversations/" + first + "/toggle_status"), Map.of("status", "resolved"));
        long second = world.conversationFrom(visitor, "Me again");
        JsonNode again = hook.next(r -> "handoff_started".equals(r.event())
                && r.json().path("conversation").path("id").asLong() == second, WAIT).json();
        assertThat(again.path("reason").asString()).isEqualTo("escalated");

        Api.Response removed = world.admin.api().post(world.path("/contacts/" + visitor.contactId() + "/labels"),
                Map.of("labels", List.of()));
        assertThat(removed.status()).isEqualTo(200);
        world.admin.api().post(world.path("/conversations/" + second + "/toggle_status"), Map.of("status", "resolved"));
        long third = world.conversationFrom(visitor, "Hello once more");
        JsonNode opened = hook.next(r -> "conversation_opened".equals(r.event()) && r.json().path("id").asLong() == third, WAIT)
                .json();
        assertThat(opened.path("status").asString()).isEqualTo("pending");
        assertThat(hook.all().stream().noneMatch(r -> "conversation_opened".equals(r.event())
                && r.json().path("id").asLong() == second)).as("the escalated contact's conversation never reached the bot").isTrue();
    }

    @Test
    void anAgentTaggingTheContactDoesNotHandOver() {
        Fixtures.World world = fixtures.world();
        JsonNode created = world.admin.api().post(world.path("/agent_bots"), Map.of("name", "Triage", "outgoing_url", hook.url()))
                .json();
        world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", created.path("id").asLong()));
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversation = world.conversationFrom(visitor, "Hi");
        hook.next("message_created", WAIT);
        world.admin.api().post(world.path("/contacts/" + visitor.contactId() + "/labels"), Map.of("labels", List.of("escalated")));
        visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", "Still there?"));
        hook.next(r -> "message_created".equals(r.event()) && "Still there?".equals(r.json().path("content").asString()), WAIT);
        assertThat(world.admin.api().get(world.path("/conversations/" + conversation)).json().path("owner").asString())
                .isEqualTo("bot");
    }

    @Test
    void theAccountChoosesItsEscalationLabelAndTheDefaultThenHandsNothingOver() {
        Fixtures.World world = fixtures.world();
        assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("escalation_label", "needs a human")), 422,
                "validation_failed", "escalation_label", "format");
        Api.Response set = world.admin.api().patch(world.path(""), Map.of("escalation_label", "Needs_Human"));
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        assertThat(set.json().path("escalation_label").asString()).isEqualTo("needs_human");

        JsonNode created = world.admin.api().post(world.path("/agent_bots"), Map.of("name", "Triage", "outgoing_url", hook.url()))
                .json();
        Api bot = new Api(port).withToken(created.path("access_token").asString());
        world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", created.path("id").asLong()));
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversation = world.conversationFrom(visitor, "Where is my parcel?");
        hook.next("message_created", WAIT);

        // The installation's default is no longer this account's label: tagging with it hands nothing over.
        bot.post(world.path("/contacts/" + visitor.contactId() + "/labels"), Map.of("labels", List.of("escalated")));
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(world.admin.api().get(world.path("/conversations/" + conversation)).json().path("owner").asString())
                .isEqualTo("bot");

        bot.post(world.path("/contacts/" + visitor.contactId() + "/labels"), Map.of("labels", List.of("escalated", "needs_human")));
        JsonNode started = hook.next("handoff_started", WAIT).json();
        assertThat(started.path("reason").asString()).isEqualTo("escalated");
        assertThat(started.path("conversation").path("id").asLong()).isEqualTo(conversation);
    }
}
