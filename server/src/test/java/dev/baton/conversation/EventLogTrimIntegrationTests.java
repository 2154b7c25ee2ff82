package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The event log is trimmed after its retention without breaking resume: a client that saw the conversation up to a
 * trimmed entry is told to reload it ({@code truncated}) and gets no partial replay; one within the log resumes as
 * before (docs/realtime.md#delivery-guarantees).
 */
class EventLogTrimIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    EventLogTrimmer trimmer;

    @Test
    void aClientBehindTheTrimmedLogIsToldToReloadWhileOneWithinItResumes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = world.conversationFrom(visitor, "before the trim");
        List<JsonNode> before = resume(SocketClient.agent(port, world.admin.token()), conversationId, 0);
        assertThat(truncated(before)).isEmpty();
        long seenUpTo = before.stream().mapToLong(e -> e.path("seq").asLong()).max().orElseThrow();

        assertThat(trimmer.trimBefore(Instant.now().plusSeconds(1))).isPositive();
        visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages", Map.of("content", "after the trim"));

        // Within the log: the entries after what the client saw, as before.
        List<JsonNode> within = resume(SocketClient.agent(port, world.admin.token()), conversationId, seenUpTo);
        assertThat(truncated(within)).isEmpty();
        assertThat(contents(within)).containsExactly("after the trim");

        // Behind it, agent and visitor alike: reload, and nothing replayed that would leave a hole.
        List<JsonNode> agentBehind = resume(SocketClient.agent(port, world.admin.token()), conversationId, 1);
        assertThat(truncated(agentBehind)).containsExactly(conversationId);
        assertThat(contents(agentBehind)).isEmpty();
        List<JsonNode> visitorBehind = resume(SocketClient.visitor(port, visitor.pubsubToken()), conversationId, 0);
        assertThat(truncated(visitorBehind)).containsExactly(conversationId);
        assertThat(contents(visitorBehind)).isEmpty();

        // The messages themselves are all there for the reload.
        assertThat(visitor.api().get(visitor.path() + "/conversations/" + conversationId + "/messages").json().toString())
                .contains("before the trim", "after the trim");
    }

    @Test
    void entriesWithinTheRetentionAreKept() {
        Fixtures.World world = fixtures.world();
        long conversationId = world.conversationFrom(world.visitor("Vera"), "recent");
        trimmer.trim(); // the default retention, 7 days
        List<JsonNode> replayed = resume(SocketClient.agent(port, world.admin.token()), conversationId, 0);
        assertThat(truncated(replayed)).isEmpty();
        assertThat(contents(replayed)).containsExactly("recent");
    }

    /** Resumes one conversation from {@code seq}; returns what came up to and with {@code resumed}. */
    private static List<JsonNode> resume(SocketClient socket, long conversationId, long seq) {
        try (socket) {
            socket.await("welcome", WAIT);
            socket.send(Map.of("type", "resume", "conversations", Map.of(Long.toString(conversationId), seq)));
            List<JsonNode> received = new ArrayList<>();
            JsonNode event;
            do {
                event = socket.await(e -> true, WAIT);
                received.add(event);
            } while (!"resumed".equals(event.path("type").asString()));
            return received;
        }
    }

    private static List<Long> truncated(List<JsonNode> events) {
        List<Long> ids = new ArrayList<>();
        events.getLast().path("truncated").forEach(id -> ids.add(id.asLong()));
        return ids;
    }

    private static List<String> contents(List<JsonNode> events) {
        return events.stream().filter(e -> "message.created".equals(e.path("type").asString()))
                .filter(e -> e.path("data").path("message_type").asInt() != 2)
                .map(e -> e.path("data").path("content").asString()).toList();
    }
}
