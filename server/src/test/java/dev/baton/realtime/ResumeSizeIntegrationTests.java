package dev.baton.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server takes client messages up to the documented 64 KiB (docs/realtime.md), so that a workspace that has seen
 * many conversations can still resume; the container's own default (8 KiB) closed such a socket with 1009, and the
 * tab reconnected in a loop (issue 10).
 */
class ResumeSizeIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aResumeListingTwoThousandSeenConversationsIsAnsweredAndReplaysWhatWasMissed() {
        Fixtures.World world = fixtures.world();
        long conversation = world.conversationFrom(world.visitor("Vera"), "are you there?");
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put(String.valueOf(conversation), 0); // the one this agent may see comes first; the server reads 500
        for (long id = 1_000_000; seen.size() < 2_000; id++) {
            seen.put(String.valueOf(id), 12_345);
        }
        String message = dev.baton.testing.Api.JSON.writeValueAsString(Map.of("type", "resume", "conversations", seen));
        assertThat(message.length()).isGreaterThan(8 * 1024).isLessThan(64 * 1024);

        try (SocketClient socket = SocketClient.agent(port, world.admin.token())) {
            socket.await("welcome", WAIT);
            socket.send(message);
            JsonNode replayed = socket.await(e -> "message.created".equals(e.path("type").asString())
                    && e.path("conversation_id").asLong() == conversation, WAIT);
            assertThat(replayed.path("data").path("content").asString()).isEqualTo("are you there?");
            assertThat(socket.await("resumed", WAIT).path("truncated").size()).isZero();
            socket.send(Map.of("type", "ping"));
            socket.await("pong", WAIT);
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void anEventLongerThanTheSocketsFrameBufferReachesTheVisitorAndTheAgentWhole() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor vera = world.visitor("Vera");
        long conversation = world.conversationFrom(vera, "hello");
        String text = "ä€".repeat(500); // the account's longest message (1,000 characters): 2,500 bytes of UTF-8
        assertThat(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isGreaterThan(2 * SocketEndpoints.FRAME_BUFFER_BYTES);
        try (SocketClient agent = SocketClient.agent(port, world.admin.token());
             SocketClient visitor = SocketClient.visitor(port, vera.pubsubToken())) {
            for (SocketClient socket : java.util.List.of(agent, visitor)) {
                socket.await("welcome", WAIT);
                socket.send(Map.of("type", "resume", "conversations", Map.of(String.valueOf(conversation), 1_000)));
                socket.await("resumed", WAIT);
            }
            world.admin.api().post(world.path("/conversations/" + conversation + "/messages"), Map.of("content", text));
            for (SocketClient socket : java.util.List.of(agent, visitor)) {
                JsonNode event = socket.await(e -> "message.created".equals(e.path("type").asString())
                        && e.path("data").path("content").asString("").length() > 500, WAIT);
                assertThat(event.path("data").path("content").asString()).isEqualTo(text);
            }
        }
    }

    @Test
    void aClientMessageOverSixtyFourKibibytesClosesTheSocketWithTooBig() {
        Fixtures.World world = fixtures.world();
        try (SocketClient socket = SocketClient.agent(port, world.admin.token())) {
            socket.await("welcome", WAIT);
            socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1009);
        }
    }
}
