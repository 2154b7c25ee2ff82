package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Routing under load across two nodes sharing one database (ARCHITECTURE.md section 4, issue 3): 1,000
 * handoffs at once to 20 agents of capacity 3, who accept and resolve through both nodes. Checked from
 * the database while it runs and at the end: no handoff ever has two pending offers, no agent is ever over
 * capacity, every handoff is accepted exactly once, and the queue drains in FIFO order.
 */
class RoutingConcurrencyIntegrationTests {

    private static final int HANDOFFS = 1000;
    private static final int AGENTS = 20;
    private static final int CAPACITY = 3;
    /**
     * A bound on liveness, not a speed figure (that is bench/p4's): with a load average of 15 on 2 cores a bound of
     * 100 s cut a run that was still making progress (683 of the offers made, no warning).
     */
    private static final Duration WORK_TIMEOUT = Duration.ofSeconds(300);

    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static final AtomicInteger retries = new AtomicInteger();
    private static final ConcurrentLinkedQueue<String> warnings = new ConcurrentLinkedQueue<>();
    private static AppenderBase<ILoggingEvent> counter;

    private final ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void startTwoNodes() {
        Map<String, Object> properties = dev.baton.testing.BatonNodes.clusterSettings(TestDatabase.fresh());
        // Agents here have no workspace socket: keep them present for the whole run.
        properties.put("baton.routing.presence-grace", "1h");
        // Two nodes on a shared PostgreSQL: stay well below its connection limit.
        properties.put("spring.datasource.hikari.maximum-pool-size", "12");
        nodeA = dev.baton.testing.BatonNodes.start(properties);
        nodeB = dev.baton.testing.BatonNodes.start(properties);
        countRoutingLogs();
    }

    /** Counts deadlock/lock-timeout retries (a debug line of RoutingTransactions) and warnings of either node. */
    private static void countRoutingLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        counter = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLoggerName().endsWith("RoutingTransactions")) {
                    retries.incrementAndGet();
                } else if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                    warnings.add(event.getLoggerName() + ": " + event.getFormattedMessage()
                            + (event.getThrowableProxy() == null ? "" : " (" + event.getThrowableProxy().getClassName()
                            + ": " + event.getThrowableProxy().getMessage() + ")"));
                }
            }
        };
        counter.setContext(context);
        counter.start();
        ch.qos.logback.classic.Logger transactions = context.getLogger(RoutingTransactions.class.getName());
        transactions.setLevel(Level.DEBUG);
        transactions.setAdditive(false);
        transactions.addAppender(counter);
        context.getLogger("dev.baton").addAppender(counter);
    }

    @AfterAll
    static void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    /** An HTTP call that records any 5xx answer (or failed exchange) as a server error. */
    private Api.Response call(String what, Supplier<Api.Response> request) {
        try {
            Api.Response response = request.get();
            if (response.status() >= 500) {
                serverErrors.add(what + " -> " + response);
            }
            return response;
        } catch (RuntimeException e) {
            serverErrors.add(what + " -> " + e);
            throw e;
        }
    }

    @Test
    void aThousandHandoffsAcrossTwoNodesAreEachOfferedAndAssignedOnceWithinCapacityInFifoOrder() throws Exception {
        long started = System.nanoTime();
        int portA = port(nodeA);
        int portB = port(nodeB);
        JdbcClient db = nodeA.getBean(JdbcClient.class);
        Fixtures onA = Fixtures.on(nodeA, portA);
        Fixtures onB = Fixtures.on(nodeB, portB);

        // ---- the desk: one inbox, one sequential team, 20 licensed agents of capacity 3, all available
        Fixtures.World world = onA.world();
        Api adminA = new Api(portA).withToken(world.admin.token());
        Api adminB = new Api(portB).withToken(world.admin.token());
        assertThat(adminA.patch(world.path(""), Map.of("licence_seats", AGENTS)).status()).isEqualTo(200);
        Api.Response team = adminA.post(world.path("/teams"), Map.of("name", "Support", "offer_mode", "sequential",
                "offer_timeout_seconds", 600, "handoff_timeout_seconds", 3600));
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        long teamId = team.json().path("id").asLong();
        List<Fixtures.Person> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            Fixtures.Person p = world.agent("Agent " + (i + 1));
            Api.Response licensed = adminA.patch(world.path("/agents/" + p.id()), Map.of("licensed", true, "capacity", CAPACITY));
            assertThat(licensed.status()).as(licensed.body()).isEqualTo(200);
            assertThat(adminA.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id()))).status())
                    .isEqualTo(200);
            agents.add(p);
        }
        for (Fixtures.Person p : agents) {
            assertThat(p.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
        }

        // ---- 1,000 visitor conversations through the public API of both nodes
        List<Long> conversations = Collections.synchronizedList(new ArrayList<>());
        ExecutorService creators = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < HANDOFFS; i++) {
                Fixtures on = i % 2 == 0 ? onA : onB;
                int n = i;
                created.add(creators.submit(() -> {
                    Fixtures.Visitor visitor = on.visitor(world.inbox.identifier(), "Visitor " + n);
                    Api.Response conversation = call("create conversation",
                            () -> visitor.api().post(visitor.path() + "/conversations", Map.of()));
                    assertThat(conversation.status()).as(conversation.body()).isEqualTo(200);
                    conversations.add(conversation.json().path("id").asLong());
                }));
            }
            for (Future<?> f : created) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            creators.shutdownNow();
        }
        assertThat(conversations).hasSize(HANDOFFS).doesNotHaveDuplicates();
        long setUp = System.nanoTime();

        // ---- invariants sampled from the database while everything runs
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger samples = new AtomicInteger();
        Thread sampler = Thread.ofPlatform().name("invariant-sampler").start(() -> {
            while (sampling.get()) {
                sample(db, world.id());
                samples.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        // ---- the 1,000 handoffs at once, half on each node
        ExecutorService firing = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fired = new ArrayList<>();
            for (int i = 0; i < HANDOFFS; i++) {
                Api admin = i % 2 == 0 ? adminA : adminB;
                long conversationId = conversations.get(i);
                fired.add(firing.submit(() -> {
                    go.await();
                    Api.Response handoff = call("handoff", () -> admin.post(world.path("/conversations/" + conversationId + "/handoff"),
                            Map.of("team_id", teamId, "reason", "load test")));
                    assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fired) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            firing.shutdownNow();
        }
        long handedOff = System.nanoTime();

        // Every handoff is committed. Taking the queue's lock waits out any dispatch that read the queue before
        // the last one arrived: every offer after this cut was made with the whole queue in view.
        long cut = new TransactionTemplate(nodeA.getBean(PlatformTransactionManager.class)).execute(status -> {
            db.sql("SELECT queue_key FROM queue_lock WHERE queue_key = ? FOR UPDATE").param("team:" + teamId).query(String.class).list();
            return db.sql("SELECT COALESCE(MAX(id), 0) FROM offer WHERE account_id = ?").param(world.id()).query(Long.class).single();
        });

        // ---- the agents work: poll offers, accept, resolve after a short pause; every other call on the other node
        Map<Long, Long> acceptedBy = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> acceptedTwice = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        AtomicBoolean drained = new AtomicBoolean(false);
        Instant deadline = Instant.now().plus(WORK_TIMEOUT);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            Fixtures.Person agent = agents.get(i);
            List<Api> apis = i % 2 == 0 ? List.of(new Api(portA).withToken(agent.token()), new Api(portB).withToken(agent.token()))
                    : List.of(new Api(portB).withToken(agent.token()), new Api(portA).withToken(agent.token()));
            workers.add(Thread.ofPlatform().name("agent-" + (i + 1)).start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Map<Long, Long> held = new HashMap<>(); // conversation -> when to resolve (nanoTime)
                int calls = 0;
                while (Instant.now().isBefore(deadline) && (!drained.get() || !held.isEmpty())) {
                    boolean busy = false;
                    long now = System.nanoTime();
                    for (var it = held.entrySet().iterator(); it.hasNext(); ) {
                        var entry = it.next();
                        if (entry.getValue() <= now) {
                            Api api = apis.get(calls++ % 2);
                            Api.Response resolved = call("resolve", () -> api.post(world.path("/conversations/" + entry.getKey()
                                    + "/toggle_status"), Map.of("status", "resolved")));
                            if (resolved.status() != 200) {
                                refused.add("resolve " + entry.getKey() + " by " + agent.id() + ": " + resolved);
                            }
                            it.remove();
                            busy = true;
                        }
                    }
                    if (!drained.get() && held.size() < CAPACITY) { // a full agent gets no offers: no need to ask
                        Api api = apis.get(calls++ % 2);
                        Api.Response offers = call("offers", () -> api.get(world.path("/offers")));
                        if (offers.status() == 200) {
                            for (JsonNode offer : offers.json().path("payload")) {
                                long offerId = offer.path("id").asLong();
                                long conversationId = offer.path("conversation_id").asLong();
                                Api other = apis.get(calls++ % 2);
                                Api.Response accepted = call("accept", () -> other.post(world.path("/offers/" + offerId + "/accept"), Map.of()));
                                if (accepted.status() == 200) {
                                    Long before = acceptedBy.putIfAbsent(conversationId, agent.id());
                                    if (before != null) {
                                        acceptedTwice.add(conversationId + " by " + before + " and " + agent.id());
                                    }
                                    held.put(conversationId, System.nanoTime() + random.nextLong(5_000_000, 40_000_000));
                                } else {
                                    refused.add("accept " + offerId + " by " + agent.id() + ": " + accepted);
                                }
                                busy = true;
                            }
                        }
                    }
                    if (!busy) {
                        try {
                            Thread.sleep(random.nextLong(20, 60));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }));
        }
        // Done when every handoff of the team has its outcome.
        while (Instant.now().isBefore(deadline)) {
            long open = db.sql("SELECT COUNT(*) FROM handoff WHERE account_id = ? AND state <> 'done'").param(world.id())
                    .query(Long.class).single();
            if (open == 0) {
                break;
            }
            Thread.sleep(200);
        }
        drained.set(true);
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(30));
        }
        long worked = System.nanoTime();
        sampling.set(false);
        sampler.join(Duration.ofSeconds(10));
        sample(db, world.id());

        // ---- the figures
        long offersCreated = db.sql("SELECT COUNT(*) FROM offer WHERE account_id = ?").param(world.id()).query(Long.class).single();
        System.out.printf("RoutingConcurrency[%s]: setup %d ms, %d handoffs fired in %d ms, drained in %d ms; %d offers created "
                        + "(%d before the cut), %d samples, %d routing transaction retries, %d warnings%n",
                TestDatabase.isPostgres() ? "postgres" : "h2", ms(started, setUp), HANDOFFS, ms(setUp, handedOff),
                ms(handedOff, worked), offersCreated, cut == 0 ? 0 : db.sql("SELECT COUNT(*) FROM offer WHERE account_id = ? AND id <= ?")
                        .params(world.id(), cut).query(Long.class).single(), samples.get(), retries.get(), warnings.size());
        warnings.stream().limit(20).forEach(w -> System.out.println("  warning: " + w));

        // ---- the checks
        assertThat(serverErrors).as("HTTP calls answered 5xx").isEmpty();
        assertThat(violations).as("invariants broken while running").isEmpty();
        assertThat(acceptedTwice).as("conversations accepted twice").isEmpty();
        assertThat(refused).as("accepts or resolves refused").isEmpty();

        // Every handoff ends with exactly one outcome: handled, by the agent whose offer was accepted.
        List<Map<String, Object>> handoffs = db.sql("""
                SELECT h.id, h.conversation_id, h.state, h.outcome, h.accepted_by,
                       (SELECT COUNT(*) FROM offer o WHERE o.handoff_id = h.id AND o.status = 'accepted') AS accepted_offers,
                       (SELECT MIN(o.agent_id) FROM offer o WHERE o.handoff_id = h.id AND o.status = 'accepted') AS accepting_agent
                FROM handoff h WHERE h.account_id = ? ORDER BY h.id""").param(world.id()).query().listOfRows();
        assertThat(handoffs).hasSize(HANDOFFS);
        Set<Long> handedOffConversations = new HashSet<>();
        for (Map<String, Object> h : handoffs) {
            long conversationId = number(h, "conversation_id");
            assertThat(handedOffConversations.add(conversationId)).as("one handoff per conversation %s", conversationId).isTrue();
            assertThat(h.get("state")).as("handoff %s", h).isEqualTo("done");
            assertThat(h.get("outcome")).as("handoff %s", h).isEqualTo("handled");
            assertThat(number(h, "accepted_offers")).as("accepted offers of handoff %s", h).isEqualTo(1L);
            assertThat(h.get("accepted_by")).as("handoff %s", h).isNotNull();
            assertThat(number(h, "accepted_by")).as("handoff %s", h).isEqualTo(number(h, "accepting_agent"));
            assertThat(acceptedBy.get(conversationId)).as("who accepted conversation %s", conversationId)
                    .isEqualTo(number(h, "accepted_by"));
        }
        assertThat(handedOffConversations).containsExactlyInAnyOrderElementsOf(conversations);
        assertThat(acceptedBy).hasSize(HANDOFFS);
        assertThat(db.sql("SELECT COUNT(*) FROM offer WHERE account_id = ? AND status = 'pending'").param(world.id())
                .query(Long.class).single()).isZero();
        // Each conversation is assigned to the agent who accepted it, and resolved.
        List<Map<String, Object>> assigned = db.sql("SELECT id, assignee_id, status FROM conversation WHERE account_id = ?")
                .param(world.id()).query().listOfRows();
        for (Map<String, Object> c : assigned) {
            long id = number(c, "id");
            assertThat(c.get("assignee_id")).as("conversation %s", c).isNotNull();
            assertThat(number(c, "assignee_id")).as("conversation %s", c).isEqualTo(acceptedBy.get(id));
            assertThat(c.get("status")).as("conversation %s", c).isEqualTo("resolved");
        }

        // FIFO: after the cut, first offers are made in queue order, (requested_at, id).
        List<Map<String, Object>> firstOffers = db.sql("""
                SELECT h.id, h.requested_at, MIN(o.id) AS first_offer FROM handoff h JOIN offer o ON o.handoff_id = h.id
                WHERE h.account_id = ? GROUP BY h.id, h.requested_at HAVING MIN(o.id) > ? ORDER BY first_offer""")
                .params(world.id(), cut).query().listOfRows();
        assertThat(firstOffers.size()).as("handoffs first offered after every handoff was queued")
                .isGreaterThanOrEqualTo(HANDOFFS - AGENTS * CAPACITY);
        List<String> outOfOrder = new ArrayList<>();
        OffsetDateTime previousAt = null;
        long previousId = 0;
        for (Map<String, Object> row : firstOffers) {
            OffsetDateTime at = offsetDateTime(row.get("requested_at"));
            long id = number(row, "id");
            if (previousAt != null && (at.isBefore(previousAt) || (at.isEqual(previousAt) && id < previousId))) {
                outOfOrder.add("handoff " + id + " (" + at + ") offered after handoff " + previousId + " (" + previousAt + ")");
            }
            previousAt = at;
            previousId = id;
        }
        assertThat(outOfOrder).as("handoffs offered out of FIFO order").isEmpty();
    }

    /** One look at the database: no handoff with two pending offers, no agent over capacity. */
    private void sample(JdbcClient db, long accountId) {
        try {
            db.sql("SELECT handoff_id, COUNT(*) AS n FROM offer WHERE account_id = ? AND status = 'pending' GROUP BY handoff_id HAVING COUNT(*) > 1")
                    .param(accountId).query().listOfRows()
                    .forEach(row -> violations.add("two pending offers at once: " + row));
            // One statement, so one snapshot: an accept moves a pending offer to an open conversation atomically.
            db.sql("""
                    SELECT s.user_id,
                           (SELECT COUNT(*) FROM conversation c WHERE c.account_id = s.account_id AND c.status = 'open'
                                AND c.assignee_id = s.user_id)
                         + (SELECT COUNT(*) FROM offer o WHERE o.account_id = s.account_id AND o.status = 'pending'
                                AND o.agent_id = s.user_id) AS load
                    FROM agent_status s WHERE s.account_id = ?""")
                    .param(accountId).query().listOfRows().stream()
                    .filter(row -> number(row, "load") > CAPACITY)
                    .forEach(row -> violations.add("agent over capacity: " + row));
        } catch (RuntimeException e) {
            violations.add("sample failed: " + e);
        }
    }

    private static long number(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    private static OffsetDateTime offsetDateTime(Object value) {
        return switch (value) {
            case OffsetDateTime o -> o;
            case java.sql.Timestamp t -> t.toInstant().atOffset(java.time.ZoneOffset.UTC);
            case java.time.Instant i -> i.atOffset(java.time.ZoneOffset.UTC);
            default -> throw new AssertionError("unexpected timestamp type " + value.getClass());
        };
    }

    private static long ms(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(to - from);
    }
}
