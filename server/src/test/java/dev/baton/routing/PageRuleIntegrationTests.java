package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.OwnDatabaseConfiguration;
import dev.baton.testing.SocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Page rules with the page the widget tells, and what must not go wrong with them (issue 10): a crafted page URL
 * against a rule with many wildcards, and a queue whose dispatch cannot finish, hold up nothing but themselves; the
 * rules of a person outside the account do not exist. Nor does an agent's status row that another transaction holds
 * hold up a dispatch or the workspace heartbeat (ADR 0064). Own server and database, with the periodic sweep off (the test
 * sweeps) and a short watchdog limit.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "baton.routing.sweeper-enabled=false",
                "baton.routing.dispatch-watchdog=1s"
        })
@Import(OwnDatabaseConfiguration.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PageRuleIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    RoutingSweeper sweeper;

    @Autowired
    Router router;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Presence presence;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aCraftedPageUrlAgainstAManyWildcardRuleDoesNotStallTheQueue() {
        Fixtures.World world = fixtures.world();
        long team = team(world, "Support");
        Fixtures.Person agent = agentOf(world, team, "Agent A");
        Api.Response rules = world.admin.api().put(world.path("/agents/" + agent.id() + "/page_rules"), Map.of("rules",
                List.of(Map.of("inbox_id", world.inbox.id(), "pattern", "https://*a*a*a*a*a*a*a*a*/x"))));
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
        try (SocketClient socket = socket(agent)) {
            long crafted = fromPage(world, "https://" + "a".repeat(1_990));
            long matching = fromPage(world, "https://shop.example/aaaaaaaa/x");
            handoff(world, team, crafted);
            handoff(world, team, matching);

            assertTimeoutPreemptively(WAIT, () -> sweeper.sweep());
            assertThat(awaitOffer(socket, matching).path("conversation_id").asLong()).isEqualTo(matching);
            assertThat(pendingOffers(world, agent)).containsExactly(matching);
        }
    }

    @Test
    void aQueueWhoseDispatchCannotFinishIsReportedAndTheOtherQueuesGoOn() throws Exception {
        Fixtures.World world = fixtures.world();
        long stuckTeam = team(world, "Billing");
        long otherTeam = team(world, "Sales");
        Fixtures.Person billing = agentOf(world, stuckTeam, "Agent B");
        Fixtures.Person sales = agentOf(world, otherTeam, "Agent S");
        double stuckBefore = meters.counter("baton.routing.dispatch.stuck").count();
        String stuckQueue = "team:" + stuckTeam;
        router.ensureQueue(stuckQueue);
        try (SocketClient billingSocket = socket(billing); SocketClient salesSocket = socket(sales);
             Connection holder = dataSource.getConnection()) {
            // Another transaction holds the queue's lock, as a decision that never ends would.
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT queue_key FROM queue_lock WHERE queue_key = ? FOR UPDATE")) {
                lock.setString(1, stuckQueue);
                lock.executeQuery().close();
            }
            long waitingForBilling = world.conversationFrom(world.visitor("Bill"), "invoice?");
            handoff(world, stuckTeam, waitingForBilling);
            long waitingForSales = world.conversationFrom(world.visitor("Sal"), "price?");
            handoff(world, otherTeam, waitingForSales);

            assertTimeoutPreemptively(WAIT, () -> sweeper.sweep());
            assertThat(awaitOffer(salesSocket, waitingForSales).path("conversation_id").asLong()).isEqualTo(waitingForSales);
            eventually(() -> meters.counter("baton.routing.dispatch.stuck").count() > stuckBefore);
            assertThat(router.dispatching(stuckQueue)).isTrue();

            holder.rollback(); // the stuck decision ends: its queue goes on where it stood
            assertThat(awaitOffer(billingSocket, waitingForBilling).path("conversation_id").asLong()).isEqualTo(waitingForBilling);
        }
    }

    @Test
    void aDispatchDoesNotWaitForAnAgentRowHeldByAnotherTransactionAndOffersOnceItIsReleased() throws Exception {
        Fixtures.World world = fixtures.world();
        long team = team(world, "Returns");
        Fixtures.Person agent = agentOf(world, team, "Agent R");
        String queue = "team:" + team;
        router.ensureQueue(queue);
        double skippedBefore = meters.counter("baton.routing.reserve.skipped").count();
        try (SocketClient socket = socket(agent); Connection holder = dataSource.getConnection()) {
            // Another transaction holds the agent's row, as another queue's dispatch or a status change would.
            holder.setAutoCommit(false);
            lockStatusRow(holder, world.account.id(), agent.id());
            long conversation = world.conversationFrom(world.visitor("Rita"), "refund?");
            handoff(world, team, conversation);

            // The pass ends without waiting on the row: the agent counts as busy, no offer is made, the handoff waits.
            assertTimeoutPreemptively(WAIT, () -> router.dispatch(queue));
            assertThat(meters.counter("baton.routing.reserve.skipped").count()).isGreaterThan(skippedBefore);
            assertThat(pendingOffers(world, agent)).isEmpty();
            assertThat(handoffState(conversation)).isEqualTo(Handoff.WAITING);

            holder.rollback(); // released: the queue's next pass offers it (no sweep runs here)
            assertThat(awaitOffer(socket, conversation).path("conversation_id").asLong()).isEqualTo(conversation);
            assertThat(pendingOffers(world, agent)).containsExactly(conversation);
        }
    }

    @Test
    void theHeartbeatDoesNotWaitForAHeldAgentRowAndUpdatesTheOthers() throws Exception {
        Fixtures.World world = fixtures.world();
        long team = team(world, "Heartbeat");
        Fixtures.Person held = agentOf(world, team, "Agent H");
        Fixtures.Person free = agentOf(world, team, "Agent F");
        java.time.Instant seenBefore = lastSeen(world.account.id(), held.id());
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockStatusRow(holder, world.account.id(), held.id());
            java.time.Instant beat = java.time.Instant.now();
            // Returns while the row is held; without SKIP LOCKED it would wait on it until the lock is released.
            assertTimeoutPreemptively(WAIT, () -> presence.seen(List.of(held.id(), free.id())));
            assertThat(lastSeen(world.account.id(), free.id())).isAfterOrEqualTo(beat.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(lastSeen(world.account.id(), held.id())).isEqualTo(seenBefore);
            holder.rollback();
        }
        java.time.Instant next = java.time.Instant.now();
        presence.seen(List.of(held.id(), free.id())); // the next beat sees the row that was held
        assertThat(lastSeen(world.account.id(), held.id())).isAfterOrEqualTo(next.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void thePageTheWidgetTellsOnOpeningAndOnNavigationIsWhatPageRulesMatch() {
        Fixtures.World world = fixtures.world();
        long team = team(world, "Support");
        Fixtures.Person helper = agentOf(world, team, "Helen");
        Api.Response rules = world.admin.api().put(world.path("/agents/" + helper.id() + "/page_rules"), Map.of("rules",
                List.of(Map.of("inbox_id", world.inbox.id(), "pattern", "https://shop.example/help/*"))));
        assertThat(rules.status()).as(rules.body()).isEqualTo(200);
        Fixtures.Visitor visitor = world.visitor("Walt");
        Api.Response opened = visitor.api().post(visitor.path() + "/conversations",
                Map.of("page_url", "https://shop.example/pricing", "referrer", "https://search.example/?q=shop"));
        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        long conversation = opened.json().path("id").asLong();
        JsonNode attributes = world.admin.api().get(world.path("/conversations/" + conversation)).json().path("additional_attributes");
        assertThat(attributes.path("referer").asString()).isEqualTo("https://shop.example/pricing");
        assertThat(attributes.path("referrer_url").asString()).isEqualTo("https://search.example/?q=shop");

        try (SocketClient socket = socket(helper)) {
            Api.Response moved = visitor.api().post(visitor.path() + "/conversations/" + conversation + "/page_view",
                    Map.of("page_url", "https://shop.example/help/returns", "referrer", "https://shop.example/pricing"));
            assertThat(moved.status()).as(moved.body()).isEqualTo(204);
            JsonNode updated = socket.await(e -> "conversation.updated".equals(e.path("type").asString())
                    && e.path("conversation_id").asLong() == conversation, WAIT);
            assertThat(updated.path("data").path("additional_attributes").path("referer").asString())
                    .isEqualTo("https://shop.example/help/returns");
            visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", "returns?"));
            handoff(world, team, conversation);
            sweeper.sweep();
            assertThat(awaitOffer(socket, conversation).path("conversation_id").asLong()).isEqualTo(conversation);
        }
    }

    @Test
    void aPageThatIsNotAWebAddressIsRefusedAndChangesNothing() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Mallory");
        Api.Response opened = visitor.api().post(visitor.path() + "/conversations", Map.of("page_url", "https://shop.example/"));
        long conversation = opened.json().path("id").asLong();
        for (String page : List.of("javascript:alert(1)", "/relative", "https://shop.example/" + "x".repeat(2_000), " ")) {
            Api.Response refused = visitor.api().post(visitor.path() + "/conversations/" + conversation + "/page_view",
                    Map.of("page_url", page));
            assertThat(dev.baton.testing.Problems.assertProblem(refused, 422, "validation_failed").path("errors").path(0)
                    .path("field").asString()).isEqualTo("page_url");
        }
        dev.baton.testing.Problems.assertFieldProblem(visitor.api().post(visitor.path() + "/conversations",
                Map.of("page_url", "data:text/html,hi")), 422, "validation_failed", "page_url", "format");
        assertThat(world.admin.api().get(world.path("/conversations/" + conversation)).json()
                .path("additional_attributes").path("referer").asString()).isEqualTo("https://shop.example/");
        assertThat(world.admin.api().get(world.path("/conversations")).json().path("data").path("meta").path("all_count").asInt())
                .isEqualTo(1);
    }

    @Test
    void theRulesOfSomeoneOutsideTheAccountDoNotExistThere() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        String outsider = world.path("/agents/" + other.admin.id() + "/page_rules");
        dev.baton.testing.Problems.assertProblem(world.admin.api().get(outsider), 404, "not_found");
        dev.baton.testing.Problems.assertProblem(world.admin.api().put(outsider, Map.of("rules", List.of())), 404, "not_found");
        assertThat(world.admin.api().get(world.path("/agents/" + world.admin.id() + "/page_rules")).status()).isEqualTo(200);
    }

    @Test
    void aNullRuleIsRefusedWithAFieldErrorAndTheRulesStayAsTheyWere() {
        Fixtures.World world = fixtures.world();
        String path = world.path("/agents/" + world.admin.id() + "/page_rules");
        Map<String, Object> rule = Map.of("inbox_id", world.inbox.id(), "pattern", "https://shop.example/*");
        assertThat(world.admin.api().put(path, Map.of("rules", List.of(rule))).status()).isEqualTo(200);
        for (String body : List.of("{\"rules\":[null]}", "{\"rules\":[" + Api.JSON.writeValueAsString(rule) + ",null]}",
                "{\"rules\":null}", "{\"rules\":[7]}", "{\"rules\":\"x\"}")) {
            Api.Response refused = world.admin.api().raw("PUT", path, body, "application/json");
            assertThat(refused.status()).as(body + " -> " + refused).isBetween(400, 422);
            assertThat(refused.code()).as(refused.body()).isIn("validation_failed", "invalid_type");
        }
        assertThat(world.admin.api().get(path).json().path("payload").path(0).path("pattern").asString())
                .isEqualTo("https://shop.example/*");
    }

    // ---- helpers

    private static void lockStatusRow(Connection holder, long accountId, long userId) throws java.sql.SQLException {
        try (PreparedStatement lock = holder.prepareStatement(
                "SELECT user_id FROM agent_status WHERE account_id = ? AND user_id = ? FOR UPDATE")) {
            lock.setLong(1, accountId);
            lock.setLong(2, userId);
            try (java.sql.ResultSet rs = lock.executeQuery()) {
                assertThat(rs.next()).as("the agent's status row").isTrue();
            }
        }
    }

    private java.time.Instant lastSeen(long accountId, long userId) {
        return jdbc.sql("SELECT last_seen_at FROM agent_status WHERE account_id = ? AND user_id = ?").params(accountId, userId)
                .query((rs, row) -> dev.baton.shared.SqlTimes.instant(rs, "last_seen_at")).optional().orElse(null);
    }

    private String handoffState(long conversationId) {
        return jdbc.sql("SELECT state FROM handoff WHERE conversation_id = ? ORDER BY id DESC LIMIT 1").param(conversationId)
                .query(String.class).single();
    }

    private long team(Fixtures.World world, String name) {
        Api.Response team = world.admin.api().post(world.path("/teams"), Map.of("name", name, "handoff_timeout_seconds", 3600));
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        return team.json().path("id").asLong();
    }

    private Fixtures.Person agentOf(Fixtures.World world, long team, String name) {
        Fixtures.Person p = world.agent(name);
        assertThat(world.admin.api().patch(world.path("/agents/" + p.id()), Map.of("licensed", true)).status()).isEqualTo(200);
        world.admin.api().post(world.path("/teams/" + team + "/team_members"), Map.of("user_ids", List.of(p.id())));
        Api.Response available = p.api().put("/api/v1/profile/availability", Map.of("availability", "available"));
        assertThat(available.status()).as(available.body()).isEqualTo(200);
        return p;
    }

    private SocketClient socket(Fixtures.Person p) {
        SocketClient socket = SocketClient.agent(port, p.token());
        socket.send(Map.of("type", "resume", "conversations", Map.of()));
        socket.await("resumed", WAIT);
        return socket;
    }

    /** A visitor's conversation opened on a page, told the way the review's attacker told it. */
    private long fromPage(Fixtures.World world, String page) {
        Fixtures.Visitor visitor = world.visitor("Paige");
        Api.Response created = visitor.api().post(visitor.path() + "/conversations", Map.of("custom_attributes", Map.of("page_url", page)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        long id = created.json().path("id").asLong();
        visitor.api().post(visitor.path() + "/conversations/" + id + "/messages", Map.of("content", "hello"));
        return id;
    }

    private static void handoff(Fixtures.World world, long team, long conversationId) {
        Api.Response handoff = world.admin.api().post(world.path("/conversations/" + conversationId + "/handoff"),
                Map.of("team_id", team, "reason", "question"));
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
    }

    private static JsonNode awaitOffer(SocketClient socket, long conversationId) {
        return socket.await(e -> "offer.created".equals(e.path("type").asString())
                && e.path("data").path("conversation_id").asLong() == conversationId, WAIT).path("data");
    }

    private static List<Long> pendingOffers(Fixtures.World world, Fixtures.Person agent) {
        return agent.api().get(world.path("/offers")).json().path("payload").valueStream()
                .map(o -> o.path("conversation_id").asLong()).toList();
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + WAIT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
