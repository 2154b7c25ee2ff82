package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two people act on the same conversation at the same moment, with real parallel requests, many times
 * over. Whatever the order the database picks, exactly one wins, the other gets a 409 with a code, and
 * the conversation, its activity lines and its handoffs tell one consistent story. Workspace actions send
 * the {@code state_version} the agent saw (as the agent app does); the visitor's do not.
 */
class TransitionRacesIntegrationTests extends IntegrationTest {

    private static final int ROUNDS = 15;
    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Outcome of two requests started at the same instant. */
    private record Race(Api.Response first, Api.Response second) {

        boolean firstWon() {
            return first.status() == 200;
        }

        /** Exactly one got 2xx, and the other a 409 whose code is one of {@code loserCodes}. */
        void oneWon(Set<String> loserCodes) {
            assertThat(first.status() == 200 ^ second.status() == 200).as("exactly one wins: %s / %s", first, second).isTrue();
            Api.Response loser = first.status() == 200 ? second : first;
            assertThat(loser.status()).as(loser.body()).isEqualTo(409);
            assertThat(loser.code()).isIn(loserCodes);
        }
    }

    private static Race race(Supplier<Api.Response> a, Supplier<Api.Response> b) {
        CyclicBarrier start = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Api.Response> first = pool.submit(() -> {
                start.await();
                return a.get();
            });
            Future<Api.Response> second = pool.submit(() -> {
                start.await();
                return b.get();
            });
            return new Race(first.get(), second.get());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record Desk(Fixtures.World world, long teamId, Fixtures.Person anna, Fixtures.Person ben, Fixtures.Person sam) {
        Api admin() {
            return world.admin.api();
        }

        String path(String rest) {
            return world.path(rest);
        }
    }

    /** Anna and Ben (agents, licensed, in the inbox and the team), Sam a supervisor; nobody available. */
    private Desk desk() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Billing")).json().path("id").asLong();
        Fixtures.Person anna = world.agent("Anna");
        Fixtures.Person ben = world.agent("Ben");
        Fixtures.Person sam = world.member("Sam", "supervisor", true);
        for (Fixtures.Person p : List.of(anna, ben, sam)) {
            // Capacity is not what these tests are about: every round leaves a chat with someone.
            assertThat(admin.patch(world.path("/agents/" + p.id()), Map.of("licensed", true, "capacity", 100)).status())
                    .isEqualTo(200);
            admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
        }
        return new Desk(world, teamId, anna, ben, sam);
    }

    private static JsonNode conversation(Desk desk, long id) {
        return desk.admin().get(desk.path("/conversations/" + id)).json();
    }

    private static long version(Desk desk, long id) {
        return conversation(desk, id).path("state_version").asLong();
    }

    /** The activity lines' keys, oldest first. */
    private static List<String> activity(Desk desk, long id) {
        return desk.admin().get(desk.path("/conversations/" + id + "/messages")).json().path("payload").valueStream()
                .filter(m -> m.path("message_type").asInt() == 2)
                .map(m -> m.path("content_attributes").path("activity").path("key").asString()).toList();
    }

    private static JsonNode handoffs(Desk desk, long id) {
        return desk.admin().get(desk.path("/conversations/" + id + "/queue")).json();
    }

    private long takenBy(Desk desk, Fixtures.Person agent, Fixtures.Visitor visitor) {
        long id = desk.world().conversationFrom(visitor, "Hello?");
        Api.Response taken = agent.api().post(desk.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", agent.id()));
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        return id;
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; last: " + value);
            }
            Thread.onSpinWait();
            value = probe.get();
        }
        return value;
    }

    @Test
    void anAgentsTakeRacingTheVisitorsTalkToAPersonHasOneWinnerAndTheTakerKeepsWhatTheyGot() {
        Desk desk = desk();
        for (int round = 0; round < ROUNDS; round++) {
            Fixtures.Visitor visitor = desk.world().visitor("Visitor " + round);
            long id = desk.world().conversationFrom(visitor, "I have a question");
            long seen = version(desk, id);
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/conversations/" + id + "/assignments"),
                            Map.of("assignee_id", desk.anna().id(), "state_version", seen)),
                    () -> visitor.api().post(visitor.path() + "/conversations/" + id + "/handoff", Map.of()));
            race.oneWon(Set.of("conversation_has_agent", "conversation_changed"));
            JsonNode after = conversation(desk, id);
            if (race.firstWon()) {
                assertThat(after.path("owner").asString()).isEqualTo("agent");
                assertThat(after.path("assignee_id").asLong()).isEqualTo(desk.anna().id());
                assertThat(activity(desk, id)).containsExactly("self_assigned");
                assertThat(handoffs(desk, id).has("position")).isFalse();
            } else {
                assertThat(after.path("owner").asString()).isEqualTo("queue");
                assertThat(after.path("assignee_id").isNull() || after.path("assignee_id").isMissingNode()).isTrue();
                assertThat(activity(desk, id)).containsExactly("handoff_requested");
                assertThat(handoffs(desk, id).path("position").asInt()).isPositive();
            }
            assertThat(after.path("state_version").asLong()).isEqualTo(seen + 1);
        }
    }

    @Test
    void aTransferToATeamRacingAResolveHasOneWinnerAndAResolvedConversationNeverWaits() {
        Desk desk = desk();
        for (int round = 0; round < ROUNDS; round++) {
            long id = takenBy(desk, desk.anna(), desk.world().visitor("Visitor " + round));
            long seen = version(desk, id);
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/conversations/" + id + "/transfer"),
                            Map.of("team_id", desk.teamId(), "state_version", seen)),
                    () -> desk.sam().api().post(desk.path("/conversations/" + id + "/toggle_status"),
                            Map.of("status", "resolved", "state_version", seen)));
            race.oneWon(Set.of("conversation_changed", "conversation_resolved", "not_with_an_agent"));
            JsonNode after = conversation(desk, id);
            if (race.firstWon()) {
                assertThat(after.path("owner").asString()).isEqualTo("queue");
                assertThat(after.path("status").asString()).isEqualTo("open");
                assertThat(activity(desk, id)).endsWith("transferred_to_team");
                assertThat(handoffs(desk, id).path("position").asInt()).isPositive();
            } else {
                assertThat(after.path("status").asString()).isEqualTo("resolved");
                assertThat(activity(desk, id)).endsWith("resolved").doesNotContain("transferred_to_team");
                assertThat(handoffs(desk, id).has("position")).isFalse();
            }
        }
    }

    @Test
    void withoutAStateVersionATransferAndAResolveBothHappenInSomeOrderAndTheResolveIsNeverUndone() {
        // API clients send no state_version: both requests may succeed, one after the other, but a conversation
        // answered "resolved" stays resolved, and a handoff it had ends.
        Desk desk = desk();
        for (int round = 0; round < ROUNDS; round++) {
            long id = takenBy(desk, desk.anna(), desk.world().visitor("Visitor " + round));
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/conversations/" + id + "/transfer"), Map.of("team_id", desk.teamId())),
                    () -> desk.sam().api().post(desk.path("/conversations/" + id + "/toggle_status"), Map.of("status", "resolved")));
            assertThat(race.second().status()).as(race.second().body()).isEqualTo(200);
            if (race.first().status() != 200) {
                assertThat(race.first().code()).isIn("conversation_resolved", "not_with_an_agent");
            }
            assertThat(conversation(desk, id).path("status").asString()).isEqualTo("resolved");
            await(() -> handoffs(desk, id).has("position"), waiting -> !waiting, "the resolved conversation's handoff to end");
        }
    }

    @Test
    void anAcceptRacingTheVisitorsCancelHasOneWinner() {
        Desk desk = desk();
        assertThat(desk.anna().api().put("/api/v1/profile/availability", Map.of("availability", "available")).status())
                .isEqualTo(200);
        for (int round = 0; round < ROUNDS; round++) {
            Fixtures.Visitor visitor = desk.world().visitor("Visitor " + round);
            long id = desk.world().conversationFrom(visitor, "Anyone there?");
            assertThat(visitor.api().post(visitor.path() + "/conversations/" + id + "/handoff", Map.of()).status()).isEqualTo(200);
            long offerId = await(() -> desk.anna().api().get(desk.path("/offers")).json().path("payload").valueStream()
                            .filter(o -> o.path("conversation_id").asLong() == id).mapToLong(o -> o.path("id").asLong())
                            .findFirst().orElse(0L),
                    found -> found > 0, "Anna's offer");
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/offers/" + offerId + "/accept"), Map.of()),
                    () -> visitor.api().post(visitor.path() + "/conversations/" + id + "/handoff/cancel", Map.of()));
            race.oneWon(Set.of("no_handoff", "offer_withdrawn", "offer_answered"));
            JsonNode after = conversation(desk, id);
            if (race.firstWon()) {
                assertThat(after.path("owner").asString()).isEqualTo("agent");
                assertThat(activity(desk, id)).endsWith("offer_accepted").doesNotContain("visitor_declined");
                // Anna's chat ends, so that her capacity is free for the next round.
                desk.anna().api().post(desk.path("/conversations/" + id + "/toggle_status"), Map.of("status", "resolved"));
            } else {
                assertThat(after.path("owner").asString()).isEqualTo("queue");
                assertThat(after.path("assignee_id").isNull() || after.path("assignee_id").isMissingNode()).isTrue();
                assertThat(activity(desk, id)).endsWith("visitor_declined").doesNotContain("offer_accepted");
            }
            assertThat(handoffs(desk, id).has("position")).isFalse();
        }
    }

    @Test
    void anAgentsReopenRacingTheVisitorsNewMessageHasOneWinner() {
        Desk desk = desk();
        for (int round = 0; round < ROUNDS; round++) {
            Fixtures.Visitor visitor = desk.world().visitor("Visitor " + round);
            long id = takenBy(desk, desk.anna(), visitor);
            desk.anna().api().post(desk.path("/conversations/" + id + "/toggle_status"), Map.of("status", "resolved"));
            long seen = version(desk, id);
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/conversations/" + id + "/reopen"), Map.of("state_version", seen)),
                    () -> visitor.api().post(visitor.path() + "/conversations/" + id + "/messages", Map.of("content", "Me again")));
            assertThat(race.second().status()).as("the visitor's message is always taken").isEqualTo(200);
            JsonNode after = conversation(desk, id);
            assertThat(after.path("status").asString()).isEqualTo("open");
            List<String> reopenings = activity(desk, id).stream().filter(k -> k.startsWith("reopened")).toList();
            if (race.firstWon()) {
                assertThat(after.path("assignee_id").asLong()).isEqualTo(desk.anna().id());
                assertThat(reopenings).containsExactly("reopened");
            } else {
                assertThat(race.first().code()).isIn("conversation_changed", "conversation_open");
                assertThat(after.path("owner").asString()).isEqualTo("queue");
                assertThat(reopenings).containsExactly("reopened_by_visitor");
            }
        }
    }

    @Test
    void aHandBackRacingAResolveHasOneWinner() {
        Desk desk = desk();
        for (int round = 0; round < ROUNDS; round++) {
            long id = takenBy(desk, desk.anna(), desk.world().visitor("Visitor " + round));
            long seen = version(desk, id);
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/conversations/" + id + "/toggle_status"),
                            Map.of("status", "pending", "state_version", seen)),
                    () -> desk.sam().api().post(desk.path("/conversations/" + id + "/toggle_status"),
                            Map.of("status", "resolved", "state_version", seen)));
            race.oneWon(Set.of("conversation_changed"));
            JsonNode after = conversation(desk, id);
            assertThat(after.path("status").asString()).isEqualTo(race.firstWon() ? "pending" : "resolved");
            assertThat(activity(desk, id)).endsWith(race.firstWon() ? "handed_to_bot" : "resolved");
        }
    }

    @Test
    void twoAgentsTakingTheSameConversationHaveOneWinner() {
        Desk desk = desk();
        for (int round = 0; round < ROUNDS; round++) {
            long id = desk.world().conversationFrom(desk.world().visitor("Visitor " + round), "Hi");
            Race race = race(
                    () -> desk.anna().api().post(desk.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", desk.anna().id())),
                    () -> desk.ben().api().post(desk.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", desk.ben().id())));
            race.oneWon(Set.of("conversation_has_agent"));
            long winner = race.firstWon() ? desk.anna().id() : desk.ben().id();
            assertThat(conversation(desk, id).path("assignee_id").asLong()).isEqualTo(winner);
            assertThat(activity(desk, id)).containsExactly("self_assigned");
        }
    }
}
