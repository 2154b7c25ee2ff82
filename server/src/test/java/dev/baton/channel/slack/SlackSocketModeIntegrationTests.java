package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Socket Mode (issue 13, docs/slack.md#socket-mode): with an app-level token Baton opens a WebSocket to the fake
 * Slack through the SDK's Socket Mode client (apps.connections.open, then the Java-WebSocket backend), and Slack's
 * button presses, events and commands come over it as envelopes, each acknowledged by its envelope_id. No signing
 * secret is configured: over HTTP every request would be refused.
 */
class SlackSocketModeIntegrationTests extends IntegrationTest {

    static final FakeSlack SLACK = new FakeSlack("socket-mode-unused-signing-secret");
    static final Duration WAIT = Duration.ofSeconds(20);

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-url", SLACK::apiUrl);
        registry.add("baton.slack.app-token", () -> SLACK.appToken);
        registry.add("baton.slack.encryption-key", () -> "test-key-for-slack-tokens");
    }

    @Autowired
    JdbcClient jdbc;

    List<String> visitorSees(Fixtures.Visitor visitor, long conversation) {
        JsonNode messages = visitor.api().get(visitor.path() + "/conversations/" + conversation + "/messages").json();
        List<String> out = new ArrayList<>();
        (messages.isArray() ? messages : messages.path("payload")).forEach(m -> out.add(m.path("content").asString("")));
        return out;
    }

    @Test
    void acceptRelayAndEndComeOverTheSocketAndEveryEnvelopeIsAcknowledged() {
        Fixtures.World world = fixtures.world();
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        FakeSlack.Channel requests = SLACK.channel("live-chat-" + world.id(), false, false);
        assertThat(world.admin.api().put(base, Map.of("bot_token", SLACK.token())).status()).isEqualTo(200);
        assertThat(world.admin.api().put(base + "/channel", Map.of("channel_id", requests.id)).status()).isEqualTo(200);
        Fixtures.Person agent = world.agent("Anna Meier");
        FakeSlack.User anna = SLACK.user("Anna", agent.email());
        Fixtures.Visitor visitor = world.visitor("Vera Muster");
        long conversation = world.conversationFrom(visitor, "Over the socket, please");
        assertThat(visitor.api().post(visitor.path() + "/conversations/" + conversation + "/handoff", Map.of()).status()).isLessThan(300);
        await().atMost(WAIT).until(() -> !SLACK.messagesIn(requests.id).isEmpty());
        FakeSlack.Posted request = SLACK.messagesIn(requests.id).getLast();
        long handoff = jdbc.sql("SELECT id FROM handoff WHERE conversation_id = ?").param(conversation).query(Long.class).single();

        JsonNode accepted = SLACK.envelope("interactive",
                SLACK.blockActions(anna.id(), requests.id, request.ts, "lc_accept", String.valueOf(handoff)), false);

        assertThat(accepted.path("envelope_id").asString()).isNotEmpty();
        assertThat(SLACK.calls("apps.connections.open")).isNotEmpty();
        assertThat(jdbc.sql("SELECT assignee_id FROM conversation WHERE id = ?").param(conversation).query(Long.class).single())
                .isEqualTo(agent.id());
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT channel_id FROM slack_room WHERE conversation_id = ?").param(conversation)
                .query(String.class).optional().map(SLACK.channels::get).isPresent());
        FakeSlack.Channel room = SLACK.channels.get(jdbc.sql("SELECT channel_id FROM slack_room WHERE conversation_id = ?")
                .param(conversation).query(String.class).single());

        Map<String, Object> hello = SLACK.messageEvent("EvSocket" + world.id(), room.id, anna.id(), "Hello over the socket", Map.of());
        SLACK.envelope("events_api", hello, false);
        SLACK.envelope("events_api", hello, false); // Slack redelivers an envelope that was not acknowledged in time
        await().atMost(WAIT).until(() -> visitorSees(visitor, conversation).contains("Hello over the socket"));
        assertThat(visitorSees(visitor, conversation).stream().filter("Hello over the socket"::equals)).hasSize(1);

        JsonNode ended = SLACK.envelope("slash_commands", SLACK.commandFields(room.id, anna.id(), "end"), true);
        assertThat(ended.path("payload").path("text").asString()).isEqualTo("The chat has ended.");
        await().atMost(WAIT).until(() -> room.archived);
        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(conversation).query(String.class).single())
                .isEqualTo("resolved");
    }

    @Test
    void withoutASigningSecretSlacksHttpRequestsAreRefusedWhileTheSocketWorks() {
        Fixtures.World world = fixtures.world();
        Api.Response refused = new Api(port).raw("POST", "/slack/events", "{\"type\":\"url_verification\",\"challenge\":\"c\"}",
                "application/json");
        assertThat(refused.status()).isEqualTo(401);
        JsonNode ack = SLACK.envelope("events_api", Map.of("type", "event_callback", "team_id", SLACK.teamId,
                "event_id", "EvOther" + world.id(), "event", Map.of("type", "reaction_added")), false);
        assertThat(ack.path("envelope_id").asString()).isNotEmpty();
    }
}
