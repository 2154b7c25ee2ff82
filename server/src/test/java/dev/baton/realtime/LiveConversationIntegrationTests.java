package dev.baton.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The spine's promise: a visitor writes, an agent sees it live, answers, the visitor sees the answer live. */
class LiveConversationIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void visitorAndAgentTalkLiveOverTheirSockets() {
        Fixtures.World world = fixtures.world();
        try (SocketClient agentSocket = SocketClient.agent(port, world.admin.token())) {
            agentSocket.await("welcome", WAIT);
            agentSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            agentSocket.await("resumed", WAIT);

            Fixtures.Visitor visitor = world.visitor("Vera");
            long conversationId = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
            try (SocketClient visitorSocket = SocketClient.visitor(port, visitor.pubsubToken())) {
                visitorSocket.await("welcome", WAIT);
                visitorSocket.send(Map.of("type", "resume", "conversations", Map.of()));
                visitorSocket.await("resumed", WAIT);

                JsonNode created = agentSocket.await("conversation.created", WAIT);
                assertThat(created.path("conversation_id").asLong()).isEqualTo(conversationId);
                assertThat(created.path("account_id").asLong()).isEqualTo(world.id());
                assertThat(created.path("data").path("meta").path("sender").path("name").asString()).isEqualTo("Vera");

                visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages",
                        Map.of("content", "Do you ship to Italy?"));
                JsonNode incoming = agentSocket.await("message.created", WAIT);
                assertThat(incoming.path("data").path("content").asString()).isEqualTo("Do you ship to Italy?");
                assertThat(incoming.path("data").path("message_type").asInt()).isZero();
                assertThat(incoming.path("seq").asLong()).isEqualTo(incoming.path("data").path("seq").asLong());

                Api.Response reply = world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"),
                        Map.of("content", "Yes, in three days."));
                assertThat(reply.status()).isEqualTo(200);
                JsonNode answer = visitorSocket.await(e -> "message.created".equals(e.path("type").asString())
                        && e.path("data").path("message_type").asInt() == 1, WAIT);
                assertThat(answer.path("data").path("content").asString()).isEqualTo("Yes, in three days.");
                assertThat(answer.path("data").path("sender").path("type").asString()).isEqualTo("user");
                assertThat(answer.path("data").has("private")).isFalse();
            }
        }
    }

    @Test
    void privateNotesReachAgentsButNeverTheVisitor() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Noah");
        long conversationId = world.conversationFrom(visitor, "Hello");
        try (SocketClient agentSocket = SocketClient.agent(port, world.admin.token());
             SocketClient visitorSocket = SocketClient.visitor(port, visitor.pubsubToken())) {
            agentSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            visitorSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            agentSocket.await("resumed", WAIT);
            visitorSocket.await("resumed", WAIT);

            world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"),
                    Map.of("content", "VIP customer, be nice", "private", true));
            world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"),
                    Map.of("content", "How can I help?"));

            JsonNode note = agentSocket.await(e -> e.path("data").path("private").asBoolean(false), WAIT);
            assertThat(note.path("data").path("content").asString()).isEqualTo("VIP customer, be nice");
            JsonNode visible = visitorSocket.await("message.created", WAIT);
            assertThat(visible.path("data").path("content").asString()).isEqualTo("How can I help?");
            List<JsonNode> rest = visitorSocket.drain(Duration.ofMillis(500));
            assertThat(rest).extracting(e -> e.path("data").path("content").asString(""))
                    .doesNotContain("VIP customer, be nice");

            List<String> listed = visitor.api().get(visitor.path() + "/conversations/" + conversationId + "/messages")
                    .json().valueStream().map(m -> m.path("content").asString()).toList();
            assertThat(listed).containsExactly("Hello", "How can I help?");
        }
    }

    @Test
    void reconnectingClientReceivesEveryMissedEventInOrderFromTheDatabase() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Mia");
        long conversationId = world.conversationFrom(visitor, "first");
        long lastSeen = world.admin.api().get(world.path("/conversations/" + conversationId)).json().path("last_seq").asLong();

        // While the visitor is offline: an answer, a note, another answer.
        world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"), Map.of("content", "one"));
        world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"),
                Map.of("content", "internal", "private", true));
        world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"), Map.of("content", "two"));

        try (SocketClient visitorSocket = SocketClient.visitor(port, visitor.pubsubToken());
             SocketClient agentSocket = SocketClient.agent(port, world.admin.token())) {
            visitorSocket.send(Map.of("type", "resume", "conversations", Map.of(String.valueOf(conversationId), lastSeen)));
            agentSocket.send(Map.of("type", "resume", "conversations", Map.of(String.valueOf(conversationId), lastSeen)));
            visitorSocket.await("resumed", WAIT);
            agentSocket.await("resumed", WAIT);
            List<JsonNode> visitorEvents = visitorSocket.drain(Duration.ofMillis(300));
            List<JsonNode> agentEvents = agentSocket.drain(Duration.ofMillis(300));

            assertThat(contents(visitorEvents)).containsExactly("one", "two");
            assertThat(contents(agentEvents)).containsExactly("one", "internal", "two");
            assertThat(agentEvents).filteredOn(e -> e.path("seq").isNumber())
                    .extracting(e -> e.path("seq").asLong()).isSorted().doesNotHaveDuplicates()
                    .allMatch(seq -> seq > lastSeen);
        }
    }

    @Test
    void resumeIgnoresConversationsOfOtherVisitorsAndOtherAccounts() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        Fixtures.Visitor alice = world.visitor("Alice");
        Fixtures.Visitor bob = world.visitor("Bob");
        long bobs = world.conversationFrom(bob, "Bob's secret");
        long foreign = other.conversationFrom(other.visitor("Eve"), "other account");
        try (SocketClient aliceSocket = SocketClient.visitor(port, alice.pubsubToken());
             SocketClient agentSocket = SocketClient.agent(port, world.admin.token())) {
            aliceSocket.send(Map.of("type", "resume", "conversations", Map.of(String.valueOf(bobs), 0)));
            agentSocket.send(Map.of("type", "resume", "conversations", Map.of(String.valueOf(foreign), 0)));
            aliceSocket.await("resumed", WAIT);
            agentSocket.await("resumed", WAIT);
            assertThat(contents(aliceSocket.drain(Duration.ofMillis(300)))).isEmpty();
            assertThat(contents(agentSocket.drain(Duration.ofMillis(300)))).doesNotContain("other account");
        }
    }

    @Test
    void anAgentOnlySeesEventsOfInboxesTheyBelongTo() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        Fixtures.Person member = world.agent("Mo");
        try (SocketClient outsiderSocket = SocketClient.agent(port, outsider.token());
             SocketClient memberSocket = SocketClient.agent(port, member.token())) {
            outsiderSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            memberSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            outsiderSocket.await("resumed", WAIT);
            memberSocket.await("resumed", WAIT);
            world.conversationFrom(world.visitor("Lea"), "hi team");
            memberSocket.await(e -> "hi team".equals(e.path("data").path("content").asString()), WAIT);
            assertThat(contents(outsiderSocket.drain(Duration.ofMillis(500)))).doesNotContain("hi team");
        }
    }

    @Test
    void socketsRefuseMissingOrWrongCredentials() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SocketClient.agent(port, "wrong-token"))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class).hasStackTraceContaining("401");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SocketClient.agent(port, null))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class).hasStackTraceContaining("401");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SocketClient.visitor(port, "no-such-token"))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class).hasStackTraceContaining("401");
    }

    private static List<String> contents(List<JsonNode> events) {
        return events.stream().filter(e -> "message.created".equals(e.path("type").asString()))
                .map(e -> e.path("data").path("content").asString()).toList();
    }
}
