package dev.baton.routing;

import dev.baton.shared.AfterCommit;

import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.conversation.ConversationQueries;
import dev.baton.inbox.InboxService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.baton.shared.BatonProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Offers waiting conversations to eligible agents, oldest first. One queue is dispatched at a time
 * across all nodes (its queue_lock row); each agent's capacity is checked under their agent_status row
 * lock, so no agent ever holds more conversations and pending offers than their capacity.
 */
@Component
class Router implements org.springframework.context.SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final int BATCH = 200;
    /** How soon a queue whose pass skipped a held agent row is dispatched again. */
    private static final java.time.Duration RETRY_AFTER_SKIP = java.time.Duration.ofMillis(20);

    /** The agent facts a dispatch needs, read once per dispatch (no query per conversation). */
    record Candidate(long userId, int capacity, Instant idleSince) {
    }

    private final RoutingRepository repository;
    private final RoutingTransactions transactions;
    private final TeamService teams;
    private final AgentService agents;
    private final InboxService inboxes;
    private final ConversationQueries conversations;
    private final OfferViews offerViews;
    private final Outcomes outcomes;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;
    /**
     * Platform threads, one per queue being dispatched: a decision that never ends (the review's case) keeps one
     * thread busy, where a virtual thread would pin one of the few carriers the whole server shares.
     */
    private final ExecutorService worker = Executors.newCachedThreadPool(Thread.ofPlatform().name("dispatch-", 0).daemon().factory());
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final java.time.Duration watchdogLimit;
    private final Set<String> knownQueues = ConcurrentHashMap.newKeySet();
    /** Queues changed since their visitors were last told their places (pushed once the queue's dispatch settles). */
    private final Set<String> changedQueues = ConcurrentHashMap.newKeySet();
    private final QueuePositions positions;
    /** Queues with a retry after a skipped agent row pending (one retry per queue at a time). */
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();

    Router(RoutingRepository repository, RoutingTransactions transactions, TeamService teams, AgentService agents,
           InboxService inboxes, ConversationQueries conversations, OfferViews offerViews, Outcomes outcomes,
           ApplicationEventPublisher events, Clock clock, MeterRegistry meters, BatonProperties properties,
           QueuePositions positions) {
        this.positions = positions;
        this.watchdogLimit = properties.routing().dispatchWatchdog();
        this.repository = repository;
        this.transactions = transactions;
        this.teams = teams;
        this.agents = agents;
        this.inboxes = inboxes;
        this.conversations = conversations;
        this.offerViews = offerViews;
        this.outcomes = outcomes;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    private volatile boolean accepting = true;

    /**
     * The queue changed (committed): dispatches it soon, on a worker, then tells its waiting visitors their places.
     * Requests for a queue already being dispatched are merged, so a burst of changes makes one push.
     */
    void schedule(String queueKey) {
        changedQueues.add(queueKey);
        start(queueKey);
    }

    @Override
    public void start() {
        accepting = true;
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stops after the web server's graceful shutdown: the requests it let finish may still ask for dispatches. */
    @Override
    public int getPhase() {
        return org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 768;
    }

    /**
     * A node that stops releases its routing work: it starts no new dispatch (the other nodes' sweeps dispatch every
     * queue with a waiting handoff within a second) and waits for the running ones to commit, up to the watchdog's
     * limit; one still deciding then is abandoned and its transaction rolled back with the connection.
     */
    @Override
    public void stop() {
        accepting = false;
        List<CompletableFuture<Void>> underway = running.values().stream().map(run -> run.done).toList();
        try {
            CompletableFuture.allOf(underway.toArray(CompletableFuture[]::new))
                    .get(watchdogLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("Stopping with {} dispatches still deciding; their queues are dispatched by other nodes", running.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("Dispatch failed while stopping", e);
        }
    }

    /**
     * The worker outlives {@link #stop()}: a stopped context may be started again (Spring's test context cache pauses
     * idle contexts that way), so only the context's end shuts it down.
     */
    @PreDestroy
    void close() {
        worker.shutdown();
    }

    /** Whether this node still starts dispatches (false once it is stopping). */
    boolean accepting() {
        return accepting;
    }

    /**
     * One pass over the queue, waited for up to the watchdog's limit: a decision that takes longer keeps running on
     * its own thread (the watchdog reports it) while the caller, e.g. the sweep, goes on with the other queues.
     */
    void dispatch(String queueKey) {
        try {
            start(queueKey).get(watchdogLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.debug("Dispatch of {} still running; going on without it", queueKey);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** At most one dispatch per queue runs on this node; a request meanwhile makes it run once more. */
    private CompletableFuture<Void> start(String queueKey) {
        if (!accepting) {
            return CompletableFuture.completedFuture(null); // stopping: another node's sweep dispatches it
        }
        Run[] created = new Run[1];
        Run run = running.compute(queueKey, (key, current) -> {
            if (current != null) {
                current.again = true;
                return current;
            }
            created[0] = new Run();
            return created[0];
        });
        if (created[0] != null) {
            worker.execute(() -> loop(queueKey, created[0]));
        }
        return run.done;
    }

    private void loop(String queueKey, Run run) {
        run.thread = Thread.currentThread();
        try {
            boolean more = true;
            while (more) {
                run.startedAt = System.nanoTime();
                run.reported = false;
                try {
                    decide(queueKey);
                } catch (RuntimeException e) {
                    log.warn("Dispatch of {} failed; the sweep will retry", queueKey, e);
                }
                // Only once no further change waits for a pass (else that pass pushes): one push per burst, in order.
                if (!run.again && changedQueues.remove(queueKey)) {
                    try {
                        pushPositions(queueKey);
                    } catch (RuntimeException e) {
                        log.warn("Queue positions of {} not pushed; its next change pushes them", queueKey, e);
                    }
                }
                boolean[] again = {false};
                running.compute(queueKey, (key, current) -> {
                    if (current == run && run.again) {
                        run.again = false;
                        again[0] = true;
                        return run;
                    }
                    return current == run ? null : current;
                });
                more = again[0];
            }
        } finally {
            run.done.complete(null);
        }
    }

    /**
     * Reports every dispatch that has been deciding for longer than the limit, once per decision, with where its
     * thread is: a stuck queue is visible in the log and in {@code baton.routing.dispatch.stuck}, and it holds up
     * only itself.
     */
    @Scheduled(fixedDelayString = "${baton.routing.sweep-interval:1s}")
    void watchdog() {
        long now = System.nanoTime();
        running.forEach((queueKey, run) -> {
            Thread thread = run.thread;
            if (thread != null && !run.reported && now - run.startedAt > watchdogLimit.toNanos()) {
                run.reported = true;
                meters.counter("baton.routing.dispatch.stuck").increment();
                Throwable where = new Throwable("dispatch thread " + thread.getName());
                where.setStackTrace(thread.getStackTrace());
                log.error("Dispatch of {} has been deciding for over {} s; other queues go on without it",
                        queueKey, watchdogLimit.toSeconds(), where);
            }
        });
    }

    /** Whether a dispatch of the queue is running on this node (for tests and the watchdog). */
    boolean dispatching(String queueKey) {
        return running.containsKey(queueKey);
    }

    /** The queue's open handoffs (one query), then its free agents: after the dispatch committed, no lock held. */
    private void pushPositions(String queueKey) {
        List<Handoff> queue = repository.queue(queueKey, null, QueuePositions.MAX);
        if (!queue.isEmpty()) {
            positions.publish(queueKey, queue, freeAgents(queueKey, queue.getFirst()));
        }
    }

    /**
     * Agents of the queue who could take a chat now: available, licensed and below their capacity in open
     * conversations (a pending offer does not count: it may be the visitor's own).
     */
    int freeAgents(String queueKey, Handoff any) {
        List<Long> pool = queueKey.startsWith("team:") ? teams.memberIds(any.teamId()) : inboxes.memberIds(any.inboxId());
        Map<Long, Candidate> available = available(any.accountId(), pool);
        Map<Long, Integer> open = conversations.load(any.accountId(), available.keySet());
        return (int) available.values().stream().filter(c -> open.getOrDefault(c.userId(), 0) < c.capacity()).count();
    }

    void ensureQueue(String queueKey) {
        if (knownQueues.add(queueKey)) {
            transactions.run(() -> repository.ensureQueueKey(queueKey));
        }
    }

    /**
     * One pass over the queue: every waiting handoff, oldest first, gets an offer if someone can take it. Page rules
     * (the visitor's URL) are matched before the queue lock is taken; a handoff that arrived in between waits for
     * the next pass.
     */
    private void decide(String queueKey) {
        ensureQueue(queueKey);
        Map<Long, Set<Long>> excludedByPage = excludedByPage(repository.queue(queueKey, Handoff.WAITING, BATCH));
        List<Made> made = new ArrayList<>();
        transactions.run(() -> {
            made.clear(); // a retried attempt starts over
            repository.lockQueue(queueKey);
            List<Handoff> locked = repository.lockWaiting(queueKey, BATCH);
            List<Handoff> waiting = locked.stream().filter(h -> excludedByPage.containsKey(h.id())).toList();
            if (waiting.size() < locked.size()) {
                AfterCommit.run(() -> schedule(queueKey));
            }
            if (waiting.isEmpty()) {
                return;
            }
            long accountId = waiting.getFirst().accountId();
            Optional<Team> team = queueKey.startsWith("team:") ? teams.byId(waiting.getFirst().teamId()) : Optional.empty();
            List<Long> pool = team.map(t -> teams.memberIds(t.id())).orElseGet(() -> inboxes.memberIds(waiting.getFirst().inboxId()));
            TeamService.Opening opening = team.isPresent() ? teams.openingAt(accountId, team.get(), clock.instant())
                    : teams.openingAt(accountId, null, waiting.getFirst().inboxId(), clock.instant());
            if (!opening.open()) {
                // Outside business hours nobody is offered anything: each waiting handoff ends no_agent (closed) now.
                // Offers already made stand until answered or expired; the handoff then comes back here.
                for (Handoff h : waiting) {
                    outcomes.endClosed(repository.lockHandoff(h.id()).orElseThrow());
                }
                AfterCommit.run(() -> changedQueues.add(queueKey));
                return;
            }
            Map<Long, Candidate> available = available(accountId, pool);
            Map<Long, Set<Long>> passedBy = repository.agentsWhoPassed(waiting.stream().map(Handoff::id).toList());
            if (available.isEmpty()) {
                // Nobody can take anything now: a handoff that agents already missed or declined has nobody left
                // and ends at once; one that nobody was offered yet waits for its deadline.
                for (Handoff h : waiting) {
                    if (!passedBy.getOrDefault(h.id(), Set.of()).isEmpty()) {
                        outcomes.endNoAgent(repository.lockHandoff(h.id()).orElseThrow(), "nobody eligible left");
                        AfterCommit.run(() -> changedQueues.add(queueKey));
                    }
                }
                return;
            }
            Map<Long, Integer> load = load(accountId, available.keySet());
            Map<Long, Set<Long>> inboxMembers = new HashMap<>();
            if (team.isEmpty()) {
                inboxMembers.put(waiting.getFirst().inboxId(), Set.copyOf(pool)); // an inbox's queue: its pool, read above
            }
            int offerTimeout = team.map(Team::offerTimeoutSeconds).orElse(20);
            boolean broadcast = team.map(Team::broadcast).orElse(false);
            Instant now = clock.instant();
            for (Handoff h : waiting) {
                Set<Long> members = inboxMembers.computeIfAbsent(h.inboxId(), id -> Set.copyOf(inboxes.memberIds(id)));
                Set<Long> passed = passedBy.getOrDefault(h.id(), Set.of());
                List<Candidate> eligible = new ArrayList<>();
                Set<Long> excluded = excludedByPage.get(h.id());
                for (Candidate c : available.values()) {
                    boolean fits = members.contains(c.userId()) && !excluded.contains(c.userId())
                            && (h.targetAgentId() == null || h.targetAgentId() == c.userId())
                            && load.getOrDefault(c.userId(), 0) < c.capacity();
                    if (fits && !passed.contains(c.userId())) {
                        eligible.add(c);
                    }
                }
                if (eligible.isEmpty()) {
                    // Agents missed or declined it and nobody else can take it: no_agent now, not at the deadline.
                    if (!passed.isEmpty()) {
                        outcomes.endNoAgent(repository.lockHandoff(h.id()).orElseThrow(), "nobody eligible left");
                        AfterCommit.run(() -> changedQueues.add(queueKey));
                    }
                    continue;
                }
                eligible.sort(Comparator.<Candidate>comparingInt(c -> load.getOrDefault(c.userId(), 0))
                        .thenComparing(Candidate::idleSince, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparingLong(Candidate::userId));
                // Broadcast: everyone, in id order. Sequential: the best agent, or the next best when the load read
                // before the locks was stale (the oldest handoff must not lose its turn to the next one).
                List<Candidate> chosen = broadcast ? eligible.stream().sorted(Comparator.comparingLong(Candidate::userId)).toList() : eligible;
                List<Candidate> offered = new ArrayList<>();
                for (Candidate c : chosen) {
                    Reservation reservation = reserve(accountId, c);
                    if (reservation == Reservation.RESERVED) {
                        Instant expires = now.plusSeconds(offerTimeout);
                        long offerId = repository.insertOffer(h, c.userId(), now, expires);
                        load.merge(c.userId(), 1, Integer::sum);
                        offered.add(c);
                        // The row just inserted, as written (no read back).
                        Offer offer = new Offer(offerId, accountId, h.id(), h.conversationId(), c.userId(), "pending", now, expires, null);
                        made.add(new Made(offer, h));
                        events.publishEvent(new OfferCreated(accountId, offer.id(), h.id(), h.conversationId(), c.userId(),
                                h.kind().name().toLowerCase(java.util.Locale.ROOT), offer.expiresAt()));
                        if (!broadcast) {
                            break;
                        }
                    } else {
                        available.remove(c.userId()); // its status or load changed on another node
                        if (reservation == Reservation.SKIPPED) {
                            // Its row is held (another queue's dispatch, a status change): busy for this pass, and
                            // the queue is dispatched again once that short transaction is over.
                            meters.counter("baton.routing.reserve.skipped").increment();
                            AfterCommit.run(() -> retrySoon(queueKey));
                        }
                    }
                }
                if (!offered.isEmpty()) {
                    repository.updateHandoff(h.id(), Handoff.OFFERING, null, h.teamId(), h.deadlineAt(),
                            h.firstOfferAt() == null ? now : h.firstOfferAt(), null, null, null);
                    if (h.firstOfferAt() == null) {
                        meters.timer("baton.routing.time_to_first_offer").record(java.time.Duration.between(h.requestedAt(), now));
                    }
                    meters.counter("baton.routing.offers", "event", "created").increment(offered.size());
                }
                if (available.values().stream().noneMatch(c -> load.getOrDefault(c.userId(), 0) < c.capacity())) {
                    break; // everyone is full: the rest keeps its place in the queue
                }
            }
        });
        if (!made.isEmpty()) {
            sendCards(made);
        }
    }

    /** An offer the pass made, for its card once the pass committed. */
    private record Made(Offer offer, Handoff handoff) {
    }

    /**
     * The offer cards of a committed pass, read after the queue lock was released (the conversation and its last
     * messages are the card's biggest read; ADR 0064), in one read transaction. An offer answered or withdrawn
     * meanwhile gets no card: its end was (or is being) told instead, and a card after that would show a stale offer.
     */
    private void sendCards(List<Made> made) {
        try {
            List<RoutingNotice> cards = transactions.run(() -> {
                Set<Long> pending = repository.pendingAmong(made.stream().map(m -> m.offer().id()).toList());
                List<RoutingNotice> out = new ArrayList<>();
                for (Made m : made) {
                    if (pending.contains(m.offer().id())) {
                        out.add(new RoutingNotice(m.offer().accountId(), List.of(m.offer().agentId()), "offer.created",
                                offerViews.view(m.offer(), m.handoff())));
                    }
                }
                return out;
            });
            cards.forEach(events::publishEvent); // no transaction is active: each goes out at once
        } catch (RuntimeException e) {
            // The offers stand (the workspace lists them with GET /offers and on its next resume).
            log.warn("Offer cards of {} offers not sent", made.size(), e);
        }
    }

    /** Agents in the pool who are available and licensed, with their capacity and idle time. */
    private Map<Long, Candidate> available(long accountId, List<Long> pool) {
        if (pool.isEmpty()) {
            return new HashMap<>();
        }
        Map<Long, RoutingRepository.StatusRow> statuses = repository.statuses(accountId, pool).stream()
                .filter(s -> s.status() == AgentStatus.AVAILABLE)
                .collect(Collectors.toMap(RoutingRepository.StatusRow::userId, Function.identity()));
        if (statuses.isEmpty()) {
            return new HashMap<>();
        }
        Map<Long, Candidate> out = new HashMap<>();
        for (Agent a : agents.agents(accountId, statuses.keySet())) {
            if (a.licensed() && a.capacity() > 0) {
                out.put(a.id(), new Candidate(a.id(), a.capacity(), statuses.get(a.id()).idleSince()));
            }
        }
        return out;
    }

    /** Open conversations plus pending offers, per agent. */
    Map<Long, Integer> load(long accountId, Set<Long> userIds) {
        Map<Long, Integer> load = new HashMap<>(conversations.load(accountId, userIds));
        repository.pendingCounts(accountId, userIds).forEach((id, n) -> load.merge(id, n, Integer::sum));
        return load;
    }

    /** What {@link #reserve} found: the agent reserved, no longer free, or their row held by another transaction. */
    private enum Reservation { RESERVED, TAKEN, SKIPPED }

    /**
     * Under the agent's row lock: still available and below capacity? Then the offer may be made. A row another
     * transaction holds is skipped, never waited for (ADR 0064): a dispatch of one queue must not wait on another
     * queue's dispatch or on the heartbeat.
     */
    private Reservation reserve(long accountId, Candidate c) {
        Optional<RoutingRepository.StatusRow> locked = repository.tryLockStatus(accountId, c.userId());
        if (locked.isEmpty()) {
            return Reservation.SKIPPED;
        }
        if (locked.get().status() != AgentStatus.AVAILABLE) {
            return Reservation.TAKEN;
        }
        int current = load(accountId, Set.of(c.userId())).getOrDefault(c.userId(), 0);
        return current < c.capacity() ? Reservation.RESERVED : Reservation.TAKEN;
    }

    /**
     * The queue again shortly after a pass that skipped a held agent row: the holder's transaction is short (a
     * reservation, a heartbeat, a status change), so the handoff is not left for the sweep; the delay keeps a row held
     * longer from turning the queue's dispatch into a busy loop.
     */
    private void retrySoon(String queueKey) {
        if (!skipped.add(queueKey)) {
            return; // one retry is on its way already
        }
        CompletableFuture.delayedExecutor(RETRY_AFTER_SKIP.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            skipped.remove(queueKey);
            schedule(queueKey);
        });
    }

    /**
     * Per waiting handoff, the agents whose page rules for its inbox do not match the visitor's page: an agent with
     * rules for an inbox takes only visitors on matching pages there; an unknown page passes every rule. Runs without
     * any lock: the URL is the visitor's.
     */
    private Map<Long, Set<Long>> excludedByPage(List<Handoff> waiting) {
        Map<Long, Map<Long, List<String>>> rulesByInbox = new HashMap<>();
        Map<Long, Set<Long>> excluded = new HashMap<>();
        for (Handoff h : waiting) {
            Set<Long> out = new HashSet<>();
            if (h.pageUrl() != null) {
                Map<Long, List<String>> rules = rulesByInbox.computeIfAbsent(h.inboxId(), inbox -> {
                    Map<Long, List<String>> byUser = new HashMap<>();
                    repository.pageRulesOfInbox(h.accountId(), inbox)
                            .forEach(r -> byUser.computeIfAbsent(r.userId(), k -> new ArrayList<>()).add(r.pattern()));
                    return byUser;
                });
                rules.forEach((userId, patterns) -> {
                    if (patterns.stream().noneMatch(p -> PagePattern.matches(p, h.pageUrl()))) {
                        out.add(userId);
                    }
                });
            }
            excluded.put(h.id(), out);
        }
        return excluded;
    }

    /** A dispatch of one queue on this node: its thread, when its current decision began, and whether to run again. */
    private static final class Run {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Thread thread;
        volatile long startedAt = System.nanoTime();
        volatile boolean reported;
        volatile boolean again;
    }
}
