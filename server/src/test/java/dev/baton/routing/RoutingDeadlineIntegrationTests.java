package dev.baton.routing;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.realtime.Heartbeats;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.OwnDatabaseConfiguration;
import dev.baton.testing.SocketClient;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Deadlines and the desk, with a clock the test moves (no sleeping): RONA, the handoff deadline and overflow,
 * the presence grace, transfers, conferences, FIFO, page rules, queue positions and the desk's errors. This
 * suite runs its own server with the periodic sweep off, on a database of its own (so that another suite's
 * server, sweeping on the real clock, never touches its rows); the test calls {@link RoutingSweeper#sweep()}.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "logging.level.dev.baton=INFO",
                "baton.routing.sweeper-enabled=false"
        })
@Import({MutableClockConfiguration.class, OwnDatabaseConfiguration.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RoutingDeadlineIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    MutableClock clock;

    @Autowired
    RoutingSweeper sweeper;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void ownDatabaseIsInUse() {
        assertThat(context.getEnvironment().getProperty("spring.datasource.url"))
                .isNotEqualTo(TestDatabase.properties().get("spring.datasource.url"));
    }

    // ---- helpers

    /** A world with a team of licensed available agents; each becomes available one second after the previous. */
    private record Desk(Fixtures.World world, long teamId, List<Fixtures.Person> agents) {
        Api admin() {
            return world.admin.api();
        }

        String path(String rest) {
            return world.path(rest);
        }
    }

    private Desk desk(int agents, Map<String, Object> teamSettings) {
        Fixtures.World world = fixtures.world();
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("name", "Support"));
        settings.putAll(teamSettings);
        Api.Response team = world.admin.api().post(world.path("/teams"), settings);
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        Desk desk = new Desk(world, team.json().path("id").asLong(), new ArrayList<>());
        for (int i = 0; i < agents; i++) {
            desk.agents().add(agent(desk, desk.teamId(), "Agent " + (char) ('A' + i), true));
        }
        return desk;
    }

    /** A licensed agent of the team (in the world's inbox or not), available one second later than the last. */
    private Fixtures.Person agent(Desk desk, long teamId, String name, boolean inInbox) {
        Fixtures.Person p = desk.world().member(name, "agent", inInbox);
        assertThat(desk.admin().patch(desk.path("/agents/" + p.id()), Map.of("licensed", true)).status()).isEqualTo(200);
        desk.admin().post(desk.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
        available(p);
        clock.advance(Duration.ofSeconds(1)); // distinct idle times: the earlier agent has waited longer
        return p;
    }

    private static void available(Fixtures.Person p) {
        Api.Response r = p.api().put("/api/v1/profile/availability", Map.of("availability", "available"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private long team(Desk desk, String name, Map<String, Object> settings) {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name));
        body.putAll(settings);
        Api.Response team = desk.admin().post(desk.path("/teams"), body);
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        return team.json().path("id").asLong();
    }

    private SocketClient socket(Fixtures.Person p) {
        SocketClient socket = SocketClient.agent(port, p.token());
        socket.send(Map.of("type", "resume", "conversations", Map.of()));
        socket.await("resumed", WAIT);
        return socket;
    }

    private long handoff(Desk desk, long teamId, String text) {
        long conversationId = desk.world().conversationFrom(desk.world().visitor("Visitor"), text);
        handoffOf(desk, teamId, conversationId);
        return conversationId;
    }

    private void handoffOf(Desk desk, long teamId, long conversationId) {
        Api.Response handoff = desk.admin().post(desk.path("/conversations/" + conversationId + "/handoff"),
                Map.of("team_id", teamId, "reason", "question"));
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
    }

    /** A conversation the agent has (taken from the unassigned list). */
    private long chatOf(Desk desk, Fixtures.Person agent, String text) {
        return chatOf(desk, agent, text, null);
    }

    /** A conversation of the team (when not null) the agent has. */
    private long chatOf(Desk desk, Fixtures.Person agent, String text, Long teamId) {
        long conversationId = desk.world().conversationFrom(desk.world().visitor("Earlier"), text);
        if (teamId != null) {
            assertThat(desk.admin().post(desk.path("/conversations/" + conversationId + "/assignments"), Map.of("team_id", teamId))
                    .status()).isEqualTo(200);
        }
        Api.Response taken = agent.api().post(desk.path("/conversations/" + conversationId + "/assignments"),
                Map.of("assignee_id", agent.id()));
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        return conversationId;
    }

    private static JsonNode awaitEvent(SocketClient socket, String type, long conversationId) {
        return socket.await(e -> type.equals(e.path("type").asString())
                && e.path("data").path("conversation_id").asLong() == conversationId, WAIT).path("data");
    }

    private static JsonNode awaitOffer(SocketClient socket, long conversationId) {
        return awaitEvent(socket, "offer.created", conversationId);
    }

    /** Moves the clock; connected workspaces keep beating meanwhile (as every 15 s in production). */
    private void advance(Duration duration) {
        clock.advance(duration);
        Heartbeats.beat(context);
    }

    private void sweep() {
        sweeper.sweep();
    }

    /** Waits for asynchronous dispatch (a worker thread) to reach a state; the clock does not move. */
    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<JsonNode> messages(Desk desk, long conversationId) {
        return desk.admin().get(desk.path("/conversations/" + conversationId + "/messages")).json().path("payload")
                .valueStream().toList();
    }

    private List<String> activity(Desk desk, long conversationId) {
        return messages(desk, conversationId).stream().filter(m -> m.path("message_type").asInt() == 2)
                .map(m -> m.path("content").asString()).toList();
    }

    private JsonNode conversation(Desk desk, long conversationId) {
        return desk.admin().get(desk.path("/conversations/" + conversationId)).json();
    }

    private List<Long> offerIds(Desk desk, Fixtures.Person agent) {
        return agent.api().get(desk.path("/offers")).json().path("payload").valueStream()
                .map(o -> o.path("conversation_id").asLong()).toList();
    }

    /** Chatwoot's availability_status of the agent, as a bot reads it from GET /agents/{id}. */
    private String chatwootAvailability(Desk desk, Fixtures.Person agent) {
        return desk.admin().get(desk.path("/agents/" + agent.id())).json().path("availability_status").asString();
    }

    private String status(Desk desk, Fixtures.Person agent) {
        return desk.admin().get(desk.path("/agent_statuses")).json().valueStream()
                .filter(s -> s.path("user_id").asLong() == agent.id()).findFirst()
                .map(s -> s.path("status").asString()).orElse("none");
    }

    /** The conversation's handoffs (of kind handoff, transfer or conference), oldest first, as rows. */
    private List<Map<String, Object>> handoffs(long conversationId) {
        return jdbc.sql("SELECT kind, state, outcome, team_id FROM handoff WHERE conversation_id = ? ORDER BY id")
                .param(conversationId).query().listOfRows();
    }

    private Map<String, Object> lastHandoff(long conversationId) {
        return handoffs(conversationId).getLast();
    }

    private List<String> offerStatuses(long conversationId, long agentId) {
        return jdbc.sql("SELECT status FROM offer WHERE conversation_id = ? AND agent_id = ? ORDER BY id")
                .params(conversationId, agentId).query(String.class).list();
    }

    private Api.Response accept(Desk desk, Fixtures.Person agent, long offerId) {
        return agent.api().post(desk.path("/offers/" + offerId + "/accept"), Map.of());
    }

    // ---- 1. RONA

    @Test
    void aMissedOfferPutsTheAgentInRonaAndGoesToTheNextAgent() {
        Desk desk = desk(2, Map.of("offer_timeout_seconds", 20, "handoff_timeout_seconds", 600));
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        desk.admin().patch(desk.path("/agents/" + b.id()), Map.of("capacity", 1));
        try (SocketClient socketA = socket(a); SocketClient socketB = socket(b)) {
            long first = handoff(desk, desk.teamId(), "is anyone there?");
            JsonNode offer = awaitOffer(socketA, first); // A has waited longest

            advance(Duration.ofSeconds(19));
            sweep();
            assertThat(offerIds(desk, a)).containsExactly(first);

            advance(Duration.ofSeconds(2));
            sweep();
            assertThat(awaitEvent(socketA, "offer.expired", first).path("offer_id").asLong()).isEqualTo(offer.path("id").asLong());
            socketA.await(e -> "agent.status_changed".equals(e.path("type").asString())
                    && "rona".equals(e.path("data").path("status").asString()), WAIT);
            assertThat(status(desk, a)).isEqualTo("rona");
            assertThat(chatwootAvailability(desk, a)).isEqualTo("busy");
            assertThat(chatwootAvailability(desk, b)).isEqualTo("online");
            assertThat(offerStatuses(first, a.id())).containsExactly("expired");
            assertThat(accept(desk, a, offer.path("id").asLong()).code()).isEqualTo("offer_expired");

            JsonNode toB = awaitOffer(socketB, first);
            assertThat(accept(desk, b, toB.path("id").asLong()).status()).isEqualTo(200);
            assertThat(conversation(desk, first).path("assignee_id").asLong()).isEqualTo(b.id());
            assertThat(activity(desk, first)).contains("Agent B accepted");

            // B is full, A is in RONA: the next conversation waits; A gets nothing until available again.
            long second = handoff(desk, desk.teamId(), "hello?");
            sweep();
            assertThat(offerIds(desk, a)).isEmpty();
            assertThat(lastHandoff(second)).containsEntry("state", "waiting");

            available(a);
            awaitOffer(socketA, second);
            assertThat(status(desk, a)).isEqualTo("available");
            assertThat(chatwootAvailability(desk, a)).isEqualTo("online");
        }
    }

    // ---- 2. handoff deadline, all declined, overflow

    @Test
    void theHandoffWaitsUntilItsDeadlineThenEndsWithNoAgent() {
        Desk desk = desk(0, Map.of("offer_timeout_seconds", 45, "handoff_timeout_seconds", 60));
        Fixtures.Person late = desk.world().member("Agent Late", "agent", true);
        desk.admin().patch(desk.path("/agents/" + late.id()), Map.of("licensed", true));
        desk.admin().post(desk.path("/teams/" + desk.teamId() + "/team_members"), Map.of("user_ids", List.of(late.id())));
        try (SocketClient socket = socket(late)) {
            long conversationId = handoff(desk, desk.teamId(), "need a person");
            advance(Duration.ofSeconds(30));
            sweep();
            assertThat(lastHandoff(conversationId)).containsEntry("state", "waiting").containsEntry("outcome", null);
            assertThat(activity(desk, conversationId)).doesNotContain("No agent was available");

            available(late); // before the deadline: gets the offer
            long offerId = awaitOffer(socket, conversationId).path("id").asLong();

            advance(Duration.ofSeconds(31)); // past the handoff deadline, not yet past the offer's
            sweep();
            assertThat(lastHandoff(conversationId)).containsEntry("state", "done").containsEntry("outcome", "no_agent");
            assertThat(awaitEvent(socket, "offer.withdrawn", conversationId).path("offer_id").asLong()).isEqualTo(offerId);
            assertThat(offerStatuses(conversationId, late.id())).containsExactly("withdrawn");
            assertThat(activity(desk, conversationId)).contains("No agent was available");
            assertThat(accept(desk, late, offerId).code()).isEqualTo("offer_withdrawn");
            assertThat(status(desk, late)).isEqualTo("available"); // a withdrawn offer is not a missed one
        }
    }

    @Test
    void whenTheOnlyEligibleAgentMissesTheOfferTheHandoffEndsAtOnceNotAtItsDeadline() {
        Desk desk = desk(1, Map.of("offer_timeout_seconds", 20, "handoff_timeout_seconds", 600));
        Fixtures.Person only = desk.agents().getFirst();
        try (SocketClient socket = socket(only)) {
            long conversationId = handoff(desk, desk.teamId(), "anyone?");
            awaitOffer(socket, conversationId);

            advance(Duration.ofSeconds(21)); // the offer expires; the handoff's deadline is minutes away
            sweep();
            eventually("no_agent", () -> "no_agent".equals(lastHandoff(conversationId).get("outcome")));
            assertThat(status(desk, only)).isEqualTo("rona");
            assertThat(activity(desk, conversationId)).contains("No agent was available");

            // A conversation nobody was offered yet still waits for someone to become available.
            long next = handoff(desk, desk.teamId(), "and me?");
            sweep();
            assertThat(lastHandoff(next)).containsEntry("state", "waiting").containsEntry("outcome", null);
        }
    }

    @Test
    void whenEveryEligibleAgentDeclinedTheHandoffEndsAtOnce() {
        Desk desk = desk(2, Map.of("handoff_timeout_seconds", 600));
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        try (SocketClient socketA = socket(a); SocketClient socketB = socket(b)) {
            long conversationId = handoff(desk, desk.teamId(), "hello");
            long toA = awaitOffer(socketA, conversationId).path("id").asLong();
            assertThat(a.api().post(desk.path("/offers/" + toA + "/decline"), Map.of()).status()).isEqualTo(200);
            long toB = awaitOffer(socketB, conversationId).path("id").asLong();
            assertThat(b.api().post(desk.path("/offers/" + toB + "/decline"), Map.of()).status()).isEqualTo(200);

            eventually("no_agent", () -> "no_agent".equals(lastHandoff(conversationId).get("outcome")));
            assertThat(activity(desk, conversationId)).contains("No agent was available");
            assertThat(conversation(desk, conversationId).path("assignee_id").isNull()).isTrue();
        }
    }

    @Test
    void aWaitingHandoffOverflowsOnceThenEndsWithNoAgent() {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 30));
        long billing = team(desk, "Billing", Map.of("handoff_timeout_seconds", 40, "offer_timeout_seconds", 120,
                "overflow_team_id", desk.teamId()));
        assertThat(desk.admin().patch(desk.path("/teams/" + desk.teamId()), Map.of("overflow_team_id", billing)).status())
                .isEqualTo(200);
        Fixtures.Person bill = agent(desk, billing, "Bill", true);
        try (SocketClient socket = socket(bill)) {
            long conversationId = handoff(desk, desk.teamId(), "refund please");
            advance(Duration.ofSeconds(29));
            sweep();
            assertThat(lastHandoff(conversationId)).containsEntry("state", "waiting");

            advance(Duration.ofSeconds(2));
            sweep();
            long offerId = awaitOffer(socket, conversationId).path("id").asLong();
            assertThat(activity(desk, conversationId)).contains("No answer from Support: moved to Billing");
            assertThat(conversation(desk, conversationId).path("team_id").asLong()).isEqualTo(billing);
            assertThat(((Number) lastHandoff(conversationId).get("team_id")).longValue()).isEqualTo(billing);

            advance(Duration.ofSeconds(41)); // Billing's deadline; Billing overflows to Support, but only once
            sweep();
            assertThat(lastHandoff(conversationId)).containsEntry("state", "done").containsEntry("outcome", "no_agent");
            assertThat(handoffs(conversationId)).hasSize(1);
            awaitEvent(socket, "offer.withdrawn", conversationId);
            assertThat(offerStatuses(conversationId, bill.id())).containsExactly("withdrawn");
            assertThat(activity(desk, conversationId)).containsOnlyOnce("No answer from Support: moved to Billing")
                    .contains("No agent was available").noneMatch(t -> t.startsWith("No answer from Billing"));
            assertThat(accept(desk, bill, offerId).code()).isEqualTo("offer_withdrawn");
        }
    }

    @Test
    void endingAWaitingConversationEndsItsHandoffAndWithdrawsTheOffer() {
        Desk desk = desk(1, Map.of("handoff_timeout_seconds", 600));
        Fixtures.Person a = desk.agents().getFirst();
        try (SocketClient socket = socket(a)) {
            long conversationId = handoff(desk, desk.teamId(), "never mind");
            long offerId = awaitOffer(socket, conversationId).path("id").asLong();
            Api.Response ended = desk.admin().post(desk.path("/conversations/" + conversationId + "/toggle_status"),
                    Map.of("status", "resolved"));
            assertThat(ended.status()).as(ended.body()).isEqualTo(200);

            assertThat(awaitEvent(socket, "offer.withdrawn", conversationId).path("offer_id").asLong()).isEqualTo(offerId);
            eventually("handoff ended", () -> "done".equals(lastHandoff(conversationId).get("state")));
            assertThat(accept(desk, a, offerId).code()).isEqualTo("offer_withdrawn");
            assertThat(conversation(desk, conversationId).path("status").asString()).isEqualTo("resolved");
            advance(Duration.ofSeconds(601));
            sweep();
            assertThat(activity(desk, conversationId)).doesNotContain("No agent was available");
        }
    }

    // ---- 3. presence grace

    @Test
    void anAgentGoneLongerThanTheGraceGoesOfflineTheirOffersGoElsewhereAndTheirChatsAreRequeued() {
        Desk desk = desk(2, Map.of("on_disconnect", "requeue", "offer_timeout_seconds", 600, "handoff_timeout_seconds", 3600));
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        long open = chatOf(desk, a, "A's chat", desk.teamId());
        clock.advance(Duration.ofSeconds(1));
        chatOf(desk, b, "B's chat"); // as busy as A, and A has waited longer: A gets the next offer
        try (SocketClient socketB = socket(b)) {
            SocketClient socketA = socket(a);
            long waiting = handoff(desk, desk.teamId(), "who is there?");
            long offerId = awaitOffer(socketA, waiting).path("id").asLong();
            socketA.close();
            eventually("A's socket closed", () -> !Heartbeats.connectedAgents(context).contains(a.id()));

            advance(Duration.ofSeconds(59));
            sweep();
            assertThat(status(desk, a)).isEqualTo("available");

            advance(Duration.ofSeconds(2));
            sweep();
            assertThat(status(desk, a)).isEqualTo("offline");
            assertThat(chatwootAvailability(desk, a)).isEqualTo("offline");
            assertThat(status(desk, b)).isEqualTo("available"); // connected: the heartbeat keeps B present
            assertThat(offerStatuses(waiting, a.id())).containsExactly("withdrawn");
            awaitOffer(socketB, waiting);
            awaitOffer(socketB, open); // requeued: a new handoff of the team
            assertThat(conversation(desk, open).path("owner").asString()).isEqualTo("queue");
            assertThat(conversation(desk, open).path("assignee_id").isNull()).isTrue();
            assertThat(activity(desk, open)).contains("Agent A went offline: back to the queue");
            assertThat(lastHandoff(open)).containsEntry("kind", "handoff");
            assertThat(accept(desk, a, offerId).code()).isEqualTo("offer_withdrawn");
        }
    }

    @Test
    void withOnDisconnectKeepTheChatsOfAnAgentWhoNeverConnectedStayWithThem() {
        Desk desk = desk(1, Map.of("on_disconnect", "keep"));
        Fixtures.Person a = desk.agents().getFirst();
        long open = chatOf(desk, a, "A's chat", desk.teamId());
        advance(Duration.ofSeconds(61));
        sweep();
        assertThat(status(desk, a)).isEqualTo("offline");
        JsonNode c = conversation(desk, open);
        assertThat(c.path("owner").asString()).isEqualTo("agent");
        assertThat(c.path("assignee_id").asLong()).isEqualTo(a.id());
        assertThat(handoffs(open)).isEmpty();
        assertThat(activity(desk, open)).noneMatch(t -> t.contains("went offline"));
    }

    // ---- 4. transfer

    @Test
    void aTransferToAnAgentWhoAcceptsMovesTheConversation() {
        Desk desk = desk(2, Map.of());
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        long conversationId = chatOf(desk, a, "help");
        try (SocketClient socketB = socket(b)) {
            Api.Response transfer = a.api().post(desk.path("/conversations/" + conversationId + "/transfer"), Map.of("agent_id", b.id()));
            assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
            assertThat(conversation(desk, conversationId).path("assignee_id").asLong()).isEqualTo(a.id()); // until B accepts
            JsonNode offer = awaitOffer(socketB, conversationId);
            assertThat(offer.path("kind").asString()).isEqualTo("transfer");
            assertThat(offer.path("requested_by").asLong()).isEqualTo(a.id());
            assertThat(offer.path("requested_by_name").asString()).isEqualTo("Agent A");
            assertThat(accept(desk, b, offer.path("id").asLong()).status()).isEqualTo(200);
            JsonNode c = conversation(desk, conversationId);
            assertThat(c.path("assignee_id").asLong()).isEqualTo(b.id());
            assertThat(c.path("owner").asString()).isEqualTo("agent");
            assertThat(activity(desk, conversationId)).contains("Transferred to Agent B by Agent A");
            assertThat(lastHandoff(conversationId)).containsEntry("kind", "transfer").containsEntry("outcome", "handled");
        }
    }

    @Test
    void aTransferNotAcceptedInTimeStaysWithTheFirstAgentWhoIsTold() {
        Desk desk = desk(2, Map.of("offer_timeout_seconds", 20));
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        long conversationId = chatOf(desk, a, "help");
        try (SocketClient socketA = socket(a); SocketClient socketB = socket(b)) {
            assertThat(a.api().post(desk.path("/conversations/" + conversationId + "/transfer"), Map.of("agent_id", b.id())).status())
                    .isEqualTo(200);
            long offerId = awaitOffer(socketB, conversationId).path("id").asLong();
            advance(Duration.ofSeconds(21));
            sweep();
            JsonNode failed = awaitEvent(socketA, "transfer.failed", conversationId);
            assertThat(failed.path("agent_id").asLong()).isEqualTo(b.id());
            assertThat(failed.path("agent_name").asString()).isEqualTo("Agent B");
            assertThat(failed.path("reason").asString()).isEqualTo("expired");
            awaitEvent(socketB, "offer.expired", conversationId);
            JsonNode c = conversation(desk, conversationId);
            assertThat(c.path("assignee_id").asLong()).isEqualTo(a.id());
            assertThat(c.path("owner").asString()).isEqualTo("agent");
            assertThat(activity(desk, conversationId)).contains("Agent B did not accept the transfer");
            assertThat(lastHandoff(conversationId)).containsEntry("kind", "transfer").containsEntry("outcome", "no_agent");
            assertThat(accept(desk, b, offerId).code()).isEqualTo("offer_expired");
        }
    }

    @Test
    void aTransferToATeamWithANoteQueuesTheConversationForThatTeam() {
        Desk desk = desk(1, Map.of());
        Fixtures.Person a = desk.agents().getFirst();
        long billing = team(desk, "Billing", Map.of());
        Fixtures.Person bill = agent(desk, billing, "Bill", true);
        long conversationId = chatOf(desk, a, "I was charged twice");
        try (SocketClient socket = socket(bill)) {
            Api.Response transfer = a.api().post(desk.path("/conversations/" + conversationId + "/transfer"),
                    Map.of("team_id", billing, "note", "Charged twice in May; refund agreed"));
            assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);
            JsonNode c = conversation(desk, conversationId);
            assertThat(c.path("owner").asString()).isEqualTo("queue");
            assertThat(c.path("team_id").asLong()).isEqualTo(billing);
            assertThat(c.path("assignee_id").isNull()).isTrue();
            JsonNode note = messages(desk, conversationId).stream()
                    .filter(m -> "Charged twice in May; refund agreed".equals(m.path("content").asString())).findFirst().orElseThrow();
            assertThat(note.path("private").asBoolean()).isTrue();
            assertThat(activity(desk, conversationId)).contains("Transferred to Billing by Agent A");

            JsonNode offer = awaitOffer(socket, conversationId);
            assertThat(offer.path("team").path("name").asString()).isEqualTo("Billing");
            assertThat(accept(desk, bill, offer.path("id").asLong()).status()).isEqualTo(200);
            assertThat(activity(desk, conversationId)).contains("Bill accepted");
        }
    }

    // ---- 5. conference

    @Test
    void anInvitedAgentJoinsWritesAndLeavesAndCountsTowardCapacity() {
        Desk desk = desk(1, Map.of());
        Fixtures.Person a = desk.agents().getFirst();
        Fixtures.Person guest = agent(desk, desk.teamId(), "Gina", false); // not a member of the inbox
        desk.admin().patch(desk.path("/agents/" + guest.id()), Map.of("capacity", 1));
        long conversationId = chatOf(desk, a, "a hard one");
        long other = chatOf(desk, a, "another one");
        try (SocketClient socket = socket(guest)) {
            assertThat(guest.api().get(desk.path("/conversations/" + conversationId)).status()).isEqualTo(404);
            Api.Response invited = a.api().post(desk.path("/conversations/" + conversationId + "/participants"),
                    Map.of("agent_id", guest.id()));
            assertThat(invited.status()).as(invited.body()).isEqualTo(200);
            JsonNode offer = awaitOffer(socket, conversationId);
            assertThat(offer.path("kind").asString()).isEqualTo("conference");
            assertThat(accept(desk, guest, offer.path("id").asLong()).status()).isEqualTo(200);
            assertThat(activity(desk, conversationId)).contains("Gina joined");
            assertThat(conversation(desk, conversationId).path("assignee_id").asLong()).isEqualTo(a.id());

            assertThat(guest.api().get(desk.path("/conversations/" + conversationId)).status()).isEqualTo(200);
            Api.Response written = guest.api().post(desk.path("/conversations/" + conversationId + "/messages"),
                    Map.of("content", "I can help with that"));
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            assertThat(a.api().post(desk.path("/conversations/" + conversationId + "/messages"), Map.of("content", "thanks")).status())
                    .isEqualTo(200);
            assertThat(a.api().get(desk.path("/conversations/" + conversationId + "/messages")).json().path("payload")
                    .valueStream().map(m -> m.path("content").asString())).contains("I can help with that", "thanks");
            assertThat(a.api().get(desk.path("/conversations/" + conversationId + "/participants")).json().path("payload")
                    .valueStream().map(p -> p.path("id").asLong())).containsExactly(guest.id());
            // The conversation itself names the participants, in the detail and in the list.
            JsonNode joined = conversation(desk, conversationId).path("participants");
            assertThat(joined.valueStream().map(p -> p.path("id").asLong())).containsExactly(guest.id());
            assertThat(joined.get(0).path("available_name").asString()).isEqualTo("Gina");
            assertThat(desk.admin().get(desk.path("/conversations?assignee_type=all")).json().path("data").path("payload")
                    .valueStream().filter(c -> c.path("id").asLong() == conversationId).findFirst().orElseThrow()
                    .path("participants").valueStream().map(p -> p.path("id").asLong())).containsExactly(guest.id());

            // The conference counts toward Gina's capacity of 1.
            JsonNode gina = desk.admin().get(desk.path("/agent_statuses")).json().valueStream()
                    .filter(s -> s.path("user_id").asLong() == guest.id()).findFirst().orElseThrow();
            assertThat(gina.path("load").asInt()).isEqualTo(1);
            assertThat(gina.path("busy").asBoolean()).isTrue();
            assertThat(a.api().post(desk.path("/conversations/" + other + "/participants"), Map.of("agent_id", guest.id())).code())
                    .isEqualTo("agent_at_capacity");

            assertThat(a.api().delete(desk.path("/conversations/" + conversationId + "/participants/" + guest.id())).status())
                    .isEqualTo(200);
            assertThat(activity(desk, conversationId)).contains("Gina left");
            assertThat(conversation(desk, conversationId).path("participants").isEmpty()).isTrue();
            assertThat(guest.api().get(desk.path("/conversations/" + conversationId)).status()).isEqualTo(404);
            assertThat(a.api().post(desk.path("/conversations/" + other + "/participants"), Map.of("agent_id", guest.id())).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aDeclinedInvitationTellsTheInviterWhoDeclinedAndAddsNoParticipant() {
        Desk desk = desk(2, Map.of());
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        long conversationId = chatOf(desk, a, "a second opinion, please");
        try (SocketClient socketA = socket(a); SocketClient socketB = socket(b)) {
            assertThat(a.api().post(desk.path("/conversations/" + conversationId + "/participants"), Map.of("agent_id", b.id()))
                    .status()).isEqualTo(200);
            JsonNode offer = awaitOffer(socketB, conversationId);
            assertThat(offer.path("kind").asString()).isEqualTo("conference");
            assertThat(offer.path("requested_by_name").asString()).isEqualTo("Agent A");
            assertThat(b.api().post(desk.path("/offers/" + offer.path("id").asLong() + "/decline"), Map.of()).status())
                    .isEqualTo(200);
            JsonNode failed = awaitEvent(socketA, "conference.failed", conversationId);
            assertThat(failed.path("agent_id").asLong()).isEqualTo(b.id());
            assertThat(failed.path("agent_name").asString()).isEqualTo("Agent B");
            assertThat(failed.path("reason").asString()).isEqualTo("declined");
            JsonNode c = conversation(desk, conversationId);
            assertThat(c.path("participants").isEmpty()).isTrue();
            assertThat(c.path("assignee_id").asLong()).isEqualTo(a.id());
        }
    }

    // ---- 6. FIFO

    @Test
    void whenCapacityFreesTheOldestWaitingConversationIsOfferedFirst() {
        Desk desk = desk(1, Map.of("handoff_timeout_seconds", 3600));
        Fixtures.Person a = desk.agents().getFirst();
        desk.admin().patch(desk.path(""), Map.of("wrap_up_required", true));
        long solved = desk.admin().post(desk.path("/wrap_up_reasons"), Map.of("name", "Solved")).json().path("id").asLong();
        desk.admin().patch(desk.path("/agents/" + a.id()), Map.of("capacity", 1));
        long current = chatOf(desk, a, "first");
        try (SocketClient socket = socket(a)) {
            List<Long> waiting = new ArrayList<>();
            for (String text : List.of("one", "two", "three")) {
                waiting.add(handoff(desk, desk.teamId(), text));
                advance(Duration.ofSeconds(1));
            }
            sweep();
            assertThat(offerIds(desk, a)).isEmpty();

            for (long next : waiting) {
                Api.Response ended = a.api().post(desk.path("/conversations/" + current + "/toggle_status"),
                        Map.of("status", "resolved", "wrap_up_reason_id", solved));
                assertThat(ended.status()).as(ended.body()).isEqualTo(200);
                assertThat(activity(desk, current)).contains("Ended by Agent A: Solved");
                JsonNode offer = awaitOffer(socket, next);
                assertThat(offerIds(desk, a)).containsExactly(next);
                assertThat(accept(desk, a, offer.path("id").asLong()).status()).isEqualTo(200);
                assertThat(activity(desk, next)).contains("Agent A accepted");
                current = next;
            }
        }
    }

    // ---- 7. page rules

    @Test
    void anAgentWithAPageRuleIsOfferedOnlyConversationsFromMatchingPages() {
        Desk desk = desk(1, Map.of("handoff_timeout_seconds", 3600));
        Fixtures.Person a = desk.agents().getFirst();
        Api.Response rules = desk.admin().put(desk.path("/agents/" + a.id() + "/page_rules"),
                Map.of("rules", List.of(Map.of("inbox_id", desk.world().inbox.id(), "pattern", "https://shop.example/help/*"))));
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
        try (SocketClient socket = socket(a)) {
            long pricing = fromPage(desk, "https://shop.example/pricing");
            long help = fromPage(desk, "https://shop.example/help/returns");
            handoffOf(desk, desk.teamId(), pricing);
            handoffOf(desk, desk.teamId(), help);
            awaitOffer(socket, help);
            sweep();
            assertThat(offerIds(desk, a)).containsExactly(help);
            assertThat(lastHandoff(pricing)).containsEntry("state", "waiting");
        }
    }

    private long fromPage(Desk desk, String page) {
        Fixtures.Visitor visitor = desk.world().visitor("Paige");
        Api.Response created = visitor.api().post(visitor.path() + "/conversations", Map.of("custom_attributes", Map.of("page_url", page)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        long id = created.json().path("id").asLong();
        visitor.api().post(visitor.path() + "/conversations/" + id + "/messages", Map.of("content", "question from " + page));
        return id;
    }

    // ---- 8. queue position

    @Test
    void waitingVisitorsAreToldTheirPlaceInTheQueue() {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 3600));
        Fixtures.Visitor first = desk.world().visitor("First");
        Fixtures.Visitor second = desk.world().visitor("Second");
        long one = desk.world().conversationFrom(first, "1");
        long two = desk.world().conversationFrom(second, "2");
        try (SocketClient socket1 = SocketClient.visitor(port, first.pubsubToken());
             SocketClient socket2 = SocketClient.visitor(port, second.pubsubToken())) {
            socket1.send(Map.of("type", "resume", "conversations", Map.of()));
            socket2.send(Map.of("type", "resume", "conversations", Map.of()));
            socket1.await("resumed", WAIT);
            socket2.await("resumed", WAIT);
            handoffOf(desk, desk.teamId(), one);
            advance(Duration.ofSeconds(1));
            handoffOf(desk, desk.teamId(), two);
            sweep();
            JsonNode place1 = awaitEvent(socket1, "queue.position", one);
            JsonNode place2 = awaitEvent(socket2, "queue.position", two);
            assertThat(place1.path("position").asInt()).isEqualTo(1);
            assertThat(place2.path("position").asInt()).isEqualTo(2);
            assertThat(second.api().get(second.path() + "/conversations/" + two + "/queue").json().path("position").asInt()).isEqualTo(2);
        }
    }

    /** A visitor of the world with a conversation and a resumed socket (so that it hears its notices). */
    private record Waiting(Fixtures.Visitor visitor, long conversationId, SocketClient socket) implements AutoCloseable {
        @Override
        public void close() {
            socket.close();
        }
    }

    private Waiting waiting(Desk desk, String name) {
        Fixtures.Visitor visitor = desk.world().visitor(name);
        long conversationId = desk.world().conversationFrom(visitor, "hello from " + name);
        SocketClient socket = SocketClient.visitor(port, visitor.pubsubToken());
        socket.send(Map.of("type", "resume", "conversations", Map.of()));
        socket.await("resumed", WAIT);
        return new Waiting(visitor, conversationId, socket);
    }

    /** Waits for the visitor's socket to be told this place (and these agents available, when not null). */
    private static JsonNode awaitPlace(Waiting w, int position, Integer agentsAvailable) {
        return w.socket().await(e -> "queue.position".equals(e.path("type").asString())
                && e.path("data").path("conversation_id").asLong() == w.conversationId()
                && e.path("data").path("position").asInt() == position
                && (agentsAvailable == null || e.path("data").path("agents_available").asInt() == agentsAvailable), WAIT).path("data");
    }

    private void cancel(Waiting w) {
        Api.Response r = w.visitor().api().post(w.visitor().path() + "/conversations/" + w.conversationId() + "/handoff/cancel", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aVisitorLeavingTheQueueMovesEveryoneBehindUpAtOnce() {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 3600));
        try (Waiting first = waiting(desk, "First"); Waiting second = waiting(desk, "Second"); Waiting third = waiting(desk, "Third")) {
            for (Waiting w : List.of(first, second, third)) {
                handoffOf(desk, desk.teamId(), w.conversationId());
                advance(Duration.ofSeconds(1));
            }
            JsonNode joined = awaitPlace(third, 3, 0);
            assertThat(joined.path("estimated_wait_seconds").isNull()).as("no accept yet: no estimate").isTrue();

            cancel(first); // cancelled
            awaitPlace(second, 1, 0);
            awaitPlace(third, 2, 0);

            Api.Response ended = desk.admin().post(desk.path("/conversations/" + second.conversationId() + "/toggle_status"),
                    Map.of("status", "resolved")); // ended while waiting
            assertThat(ended.status()).as(ended.body()).isEqualTo(200);
            awaitPlace(third, 1, 0);
        }
    }

    @Test
    void aHandoffPastItsDeadlineMovesTheQueueUp() {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 60));
        try (Waiting first = waiting(desk, "First"); Waiting second = waiting(desk, "Second")) {
            handoffOf(desk, desk.teamId(), first.conversationId());
            advance(Duration.ofSeconds(40));
            handoffOf(desk, desk.teamId(), second.conversationId());
            awaitPlace(second, 2, 0);
            advance(Duration.ofSeconds(21));
            sweep();
            awaitPlace(second, 1, 0);
        }
    }

    @Test
    void anAcceptMovesTheQueueUpWithAnEstimateFromRecentAccepts() {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 3600));
        try (Waiting first = waiting(desk, "First"); Waiting second = waiting(desk, "Second")) {
            handoffOf(desk, desk.teamId(), first.conversationId());
            handoffOf(desk, desk.teamId(), second.conversationId());
            awaitPlace(second, 2, 0);
            Fixtures.Person a = desk.world().member("Agent A", "agent", true);
            desk.admin().patch(desk.path("/agents/" + a.id()), Map.of("licensed", true, "capacity", 1));
            desk.admin().post(desk.path("/teams/" + desk.teamId() + "/team_members"), Map.of("user_ids", List.of(a.id())));
            try (SocketClient agentSocket = socket(a)) {
                available(a); // becomes available: offered the oldest, and the queue hears one agent free
                long offerId = awaitOffer(agentSocket, first.conversationId()).path("id").asLong();
                awaitPlace(second, 2, 1);
                advance(Duration.ofSeconds(15)); // within the offer's 20 s
                assertThat(accept(desk, a, offerId).status()).isEqualTo(200);
                JsonNode place = awaitPlace(second, 1, 0); // A is full now
                assertThat(place.path("estimated_wait_seconds").asLong()).isEqualTo(15);
            }
        }
    }

    @Test
    void theQueueHearsAgentsBecomingAvailableUnavailableAndGettingCapacity() {
        Desk desk = desk(1, Map.of("handoff_timeout_seconds", 3600));
        Fixtures.Person a = desk.agents().getFirst();
        desk.admin().patch(desk.path("/agents/" + a.id()), Map.of("capacity", 1));
        chatOf(desk, a, "an earlier chat"); // A is full
        try (Waiting visitor = waiting(desk, "Visitor")) {
            handoffOf(desk, desk.teamId(), visitor.conversationId());
            awaitPlace(visitor, 1, 0);

            Api.Response more = desk.admin().patch(desk.path("/agents/" + a.id()), Map.of("capacity", 2)); // gets capacity
            assertThat(more.status()).as(more.body()).isEqualTo(200);
            awaitPlace(visitor, 1, 1);

            Api.Response away = a.api().put("/api/v1/profile/availability", Map.of("availability", "offline")); // unavailable
            assertThat(away.status()).as(away.body()).isEqualTo(200);
            awaitPlace(visitor, 1, 0);

            available(a); // available again
            awaitPlace(visitor, 1, 1);
        }
    }

    /**
     * A burst of changes makes one push: while the queue's dispatch waits for its lock (held here), two visitors
     * ahead leave; the visitor behind hears place 2 once, never 3. Once that dispatch is over, a third leaving is the
     * barrier: its push (place 1) comes after any push the burst made, so nothing else can arrive between.
     */
    @Test
    void aBurstOfChangesIsPushedOncePerVisitor(@Autowired javax.sql.DataSource dataSource, @Autowired Router router) throws Exception {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 3600));
        String queueKey = "team:" + desk.teamId();
        try (Waiting a = waiting(desk, "A"); Waiting b = waiting(desk, "B"); Waiting c = waiting(desk, "C"); Waiting last = waiting(desk, "Last")) {
            for (Waiting w : List.of(a, b, c, last)) {
                handoffOf(desk, desk.teamId(), w.conversationId());
                advance(Duration.ofSeconds(1));
            }
            awaitPlace(last, 4, 0);
            eventually("the queue settled", () -> !router.dispatching(queueKey));
            try (java.sql.Connection held = dataSource.getConnection()) {
                held.setAutoCommit(false);
                try (var lock = held.prepareStatement("SELECT queue_key FROM queue_lock WHERE queue_key = ? FOR UPDATE")) {
                    lock.setString(1, queueKey);
                    assertThat(lock.executeQuery().next()).isTrue();
                }
                cancel(a);
                cancel(b);
                held.rollback();
            }
            // The burst's dispatch (and its one push) is over before the barrier; else the barrier merges into it too.
            eventually("the burst dispatched", () -> !router.dispatching(queueKey));
            cancel(c);
            List<Integer> heard = new ArrayList<>();
            last.socket().await(e -> {
                boolean mine = "queue.position".equals(e.path("type").asString())
                        && e.path("data").path("conversation_id").asLong() == last.conversationId();
                int position = e.path("data").path("position").asInt();
                if (mine && position < 4) {
                    heard.add(position);
                }
                return mine && position == 1;
            }, WAIT);
            assertThat(heard).containsExactly(2, 1);
        }
    }

    /**
     * Handoffs at once: each visitor's pushed place is 1..n without gaps or doubles. The barrier is an agent of the
     * team (not of the inbox, so offered nothing) becoming available: the push it causes comes after every handoff.
     */
    @Test
    void parallelHandoffsEndWithPlacesOneToNWithoutGaps() throws Exception {
        Desk desk = desk(0, Map.of("handoff_timeout_seconds", 3600));
        int n = 8;
        List<Waiting> visitors = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                visitors.add(waiting(desk, "Visitor " + i));
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(n)) {
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (Waiting w : visitors) {
                    done.add(pool.submit(() -> {
                        go.await();
                        handoffOf(desk, desk.teamId(), w.conversationId());
                        return null;
                    }));
                }
                go.countDown();
                for (var f : done) {
                    f.get();
                }
            }
            agent(desk, desk.teamId(), "Outside the inbox", false);
            List<Integer> places = new ArrayList<>();
            for (Waiting w : visitors) {
                JsonNode place = w.socket().await(e -> "queue.position".equals(e.path("type").asString())
                        && e.path("data").path("conversation_id").asLong() == w.conversationId()
                        && e.path("data").path("agents_available").asInt() == 1, WAIT).path("data");
                places.add(place.path("position").asInt());
                assertThat(w.visitor().api().get(w.visitor().path() + "/conversations/" + w.conversationId() + "/queue").json()
                        .path("position").asInt()).isEqualTo(place.path("position").asInt());
            }
            assertThat(places).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
        } finally {
            visitors.forEach(Waiting::close);
        }
    }

    // ---- 9. errors

    @Test
    void theDeskRefusesWhatItCannotDoWithClearErrors() {
        Desk desk = desk(2, Map.of("offer_timeout_seconds", 20, "handoff_timeout_seconds", 600));
        Fixtures.Person a = desk.agents().get(0);
        try (SocketClient socket = socket(a)) {
            long waiting = handoff(desk, desk.teamId(), "hello");
            long offerId = awaitOffer(socket, waiting).path("id").asLong();

            // Already waiting: refused, and nothing was written.
            int before = messages(desk, waiting).size();
            assertProblem(desk.admin().post(desk.path("/conversations/" + waiting + "/handoff"), Map.of("team_id", desk.teamId())),
                    409, "handoff_in_progress");
            assertThat(messages(desk, waiting)).hasSize(before);
            assertThat(handoffs(waiting)).hasSize(1);

            // Nobody has it: it cannot be transferred.
            assertProblem(desk.admin().post(desk.path("/conversations/" + waiting + "/transfer"), Map.of("agent_id", a.id())),
                    409, "not_with_an_agent");

            // Past the offer's deadline (before and after the sweep marks it).
            advance(Duration.ofSeconds(21));
            assertProblem(accept(desk, a, offerId), 409, "offer_expired");
            sweep();
            assertProblem(accept(desk, a, offerId), 409, "offer_expired");
            assertThat(conversation(desk, waiting).path("assignee_id").isNull()).isTrue();

            assertProblem(accept(desk, a, 987_654_321L), 404, "not_found");
        }

        Api admin = desk.admin();
        String team = desk.path("/teams/" + desk.teamId());
        assertFieldProblem(admin.patch(team, Map.of("offer_mode", "random")), 422, "validation_failed", "offer_mode", "inclusion");
        assertFieldProblem(admin.patch(team, Map.of("offer_timeout_seconds", 1)), 422, "validation_failed",
                "offer_timeout_seconds", "range");
        assertFieldProblem(admin.patch(team, Map.of("handoff_timeout_seconds", 100_000)), 422, "validation_failed",
                "handoff_timeout_seconds", "range");
        assertFieldProblem(admin.patch(team, Map.of("overflow_team_id", desk.teamId())), 422, "validation_failed",
                "overflow_team_id", "unknown");
        assertFieldProblem(admin.patch(team, Map.of("on_disconnect", "drop")), 422, "validation_failed", "on_disconnect", "inclusion");
        assertFieldProblem(admin.post(desk.path("/teams"), Map.of("name", "Sales", "offer_timeout_seconds", 0)), 422,
                "validation_failed", "offer_timeout_seconds", "range");
        JsonNode unchanged = admin.get(team).json();
        assertThat(unchanged.path("offer_mode").asString()).isEqualTo("sequential");
        assertThat(unchanged.path("offer_timeout_seconds").asInt()).isEqualTo(20);
        assertThat(unchanged.path("on_disconnect").asString()).isEqualTo("keep");
        assertThat(admin.get(desk.path("/teams")).json().valueStream().map(t -> t.path("name").asString())).doesNotContain("Sales");
    }
}
