package dev.baton.routing;

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

/** An agent reopens a closed conversation from the Closed tab (docs/routing.md#reopening). */
class ReopenIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private record Desk(Fixtures.World world, long teamId, Fixtures.Person anna, Fixtures.Person ben) {
        Api admin() {
            return world.admin.api();
        }

        String path(String rest) {
            return world.path(rest);
        }

        JsonNode conversation(long id) {
            return admin().get(path("/conversations/" + id)).json();
        }

        List<String> activity(long id) {
            return admin().get(path("/conversations/" + id + "/messages")).json().path("payload").valueStream()
                    .filter(m -> m.path("message_type").asInt() == 2)
                    .map(m -> m.path("content_attributes").path("activity").path("key").asString()).toList();
        }
    }

    private Desk desk() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Support")).json().path("id").asLong();
        Fixtures.Person anna = world.agent("Anna");
        Fixtures.Person ben = world.agent("Ben");
        for (Fixtures.Person p : List.of(anna, ben)) {
            assertThat(admin.patch(world.path("/agents/" + p.id()), Map.of("licensed", true, "capacity", 1)).status()).isEqualTo(200);
            admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
        }
        return new Desk(world, teamId, anna, ben);
    }

    /** A conversation that was closed while nobody had it. */
    private long closedUnassigned(Desk desk, String visitor) {
        long id = desk.world().conversationFrom(desk.world().visitor(visitor), "Hello?");
        Api.Response resolved = desk.admin().post(desk.path("/conversations/" + id + "/toggle_status"), Map.of("status", "resolved"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        JsonNode closed = desk.conversation(id);
        assertThat(closed.path("status").asString()).isEqualTo("resolved");
        assertThat(closed.path("assignee_id").isNull() || closed.path("assignee_id").isMissingNode()).isTrue();
        return id;
    }

    @Test
    void anAgentWhoReopensAConversationNobodyHadGetsIt() {
        Desk desk = desk();
        long id = closedUnassigned(desk, "Vera");

        Api.Response reopened = desk.anna().api().post(desk.path("/conversations/" + id + "/reopen"), Map.of());
        assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
        assertThat(reopened.json().path("owner").asString()).isEqualTo("agent");

        JsonNode after = desk.conversation(id);
        assertThat(after.path("status").asString()).isEqualTo("open");
        assertThat(after.path("owner").asString()).isEqualTo("agent");
        assertThat(after.path("assignee_id").asLong()).isEqualTo(desk.anna().id());
        assertThat(desk.activity(id)).endsWith("reopened");
        assertThat(desk.admin().get(desk.path("/conversations/" + id + "/queue")).json().has("position")).isFalse();
    }

    @Test
    void anAgentAtCapacityWhoReopensHandsItToTheQueueWhereAnotherAgentIsOfferedIt() {
        Desk desk = desk();
        long busy = desk.world().conversationFrom(desk.world().visitor("Busy"), "Hi");
        assertThat(desk.anna().api().post(desk.path("/conversations/" + busy + "/assignments"), Map.of("assignee_id", desk.anna().id()))
                .status()).isEqualTo(200);
        long id = closedUnassigned(desk, "Vera");
        try (SocketClient benSocket = SocketClient.agent(port, desk.ben().token())) {
            benSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            benSocket.await("resumed", WAIT);
            assertThat(desk.ben().api().put("/api/v1/profile/availability", Map.of("availability", "available")).status())
                    .isEqualTo(200);

            Api.Response reopened = desk.anna().api().post(desk.path("/conversations/" + id + "/reopen"),
                    Map.of("state_version", desk.conversation(id).path("state_version").asLong()));
            assertThat(reopened.status()).as(reopened.body()).isEqualTo(200);
            assertThat(reopened.json().path("owner").asString()).isEqualTo("queue");

            JsonNode after = desk.conversation(id);
            assertThat(after.path("status").asString()).isEqualTo("open");
            assertThat(after.path("assignee_id").isNull() || after.path("assignee_id").isMissingNode()).isTrue();
            assertThat(desk.activity(id)).endsWith("reopened_to_queue");
            // A real handoff: routing offers it to the agent who can take it.
            JsonNode offer = benSocket.await(e -> "offer.created".equals(e.path("type").asString())
                    && e.path("data").path("conversation_id").asLong() == id, WAIT);
            assertThat(desk.ben().api().post(desk.path("/offers/" + offer.path("data").path("id").asLong() + "/accept"), Map.of())
                    .status()).isEqualTo(200);
            assertThat(desk.conversation(id).path("assignee_id").asLong()).isEqualTo(desk.ben().id());
        }
    }

    @Test
    void reopeningAnOpenConversationIsAConflict() {
        Desk desk = desk();
        long id = desk.world().conversationFrom(desk.world().visitor("Otto"), "Hi");
        Api.Response refused = desk.anna().api().post(desk.path("/conversations/" + id + "/reopen"), Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("conversation_open");
    }
}
