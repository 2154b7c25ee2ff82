package dev.baton.routing;

import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.conversation.ConversationQueries;
import dev.baton.inbox.InboxService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Offers waiting conversations to eligible agents, oldest first. One queue is dispatched at a time
 * across all nodes (its queue_lock row); each agent's capacity is checked under their agent_status row
 * lock, so no agent ever holds more conversations and pending offers than their capacity.
 */
@Component
class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final int BATCH = 200;

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
    private final ExecutorService worker = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("dispatch-", 0).daemon().factory());
    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();
    private final Set<String> knownQueues = ConcurrentHashMap.newKeySet();
    private final Set<String> dirtyQueues = ConcurrentHashMap.newKeySet();

    Router(RoutingRepository repository, RoutingTransactions transactions, TeamService teams, AgentService agents,
           InboxService inboxes, ConversationQueries conversations, OfferViews offerViews, Outcomes outcomes,
           ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
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

    /** Dispatches the queue soon, on a worker; requests for a queue already scheduled are merged. */
    void schedule(String queueKey) {
        dirtyQueues.add(queueKey);
        if (scheduled.putIfAbsent(queueKey, Boolean.TRUE) != null) {
            return;
        }
        worker.execute(() -> {
            scheduled.remove(queueKey);
            try {
                dispatch(queueKey);
            } catch (RuntimeException e) {
                log.warn("Dispatch of {} failed; the sweep will retry", queueKey, e);
            }
        });
    }

    /** Queues whose order changed since the last call (for the visitors' queue positions). */
    Set<String> takeDirtyQueues() {
        Set<String> taken = new HashSet<>(dirtyQueues);
        dirtyQueues.removeAll(taken);
        return taken;
    }

    void ensureQueue(String queueKey) {
        if (knownQueues.add(queueKey)) {
            transactions.run(() -> repository.ensureQueueKey(queueKey));
        }
    }

    /** One pass over the queue: every waiting handoff, oldest first, gets an offer if someone can take it. */
    void dispatch(String queueKey) {
        ensureQueue(queueKey);
        transactions.run(() -> {
            repository.lockQueue(queueKey);
            List<Handoff> waiting = repository.lockWaiting(queueKey, BATCH);
            if (waiting.isEmpty()) {
                return;
            }
            long accountId = waiting.getFirst().accountId();
            Optional<Team> team = queueKey.startsWith("team:") ? teams.byId(waiting.getFirst().teamId()) : Optional.empty();
            List<Long> pool = team.map(t -> teams.memberIds(t.id())).orElseGet(() -> inboxes.memberIds(waiting.getFirst().inboxId()));
            Map<Long, Candidate> available = available(accountId, pool);
            if (available.isEmpty()) {
                return; // nobody can take anything now; deadlines still run
            }
            Map<Long, Integer> load = load(accountId, available.keySet());
            Map<Long, Set<Long>> inboxMembers = new HashMap<>();
            Map<Long, Map<Long, List<String>>> rulesByInbox = new HashMap<>();
            Map<Long, Set<Long>> passedBy = repository.agentsWhoPassed(waiting.stream().map(Handoff::id).toList());
            int offerTimeout = team.map(Team::offerTimeoutSeconds).orElse(20);
            boolean broadcast = team.map(Team::broadcast).orElse(false);
            Instant now = clock.instant();
            for (Handoff h : waiting) {
                Set<Long> members = inboxMembers.computeIfAbsent(h.inboxId(), id -> Set.copyOf(inboxes.memberIds(id)));
                Set<Long> passed = passedBy.getOrDefault(h.id(), Set.of());
                List<Candidate> eligible = new ArrayList<>();
                boolean anyEligibleIgnoringPasses = false;
                Map<Long, List<String>> rules = rulesByInbox.computeIfAbsent(h.inboxId(), inbox -> rules(accountId, inbox, available.keySet()));
                Set<Long> allowedHere = pageAllowed(h, available.keySet(), rules);
                for (Candidate c : available.values()) {
                    boolean fits = members.contains(c.userId()) && allowedHere.contains(c.userId())
                            && (h.targetAgentId() == null || h.targetAgentId() == c.userId())
                            && load.getOrDefault(c.userId(), 0) < c.capacity();
                    if (fits) {
                        anyEligibleIgnoringPasses = true;
                        if (!passed.contains(c.userId())) {
                            eligible.add(c);
                        }
                    }
                }
                if (eligible.isEmpty()) {
                    if (anyEligibleIgnoringPasses && !passed.isEmpty()) {
                        outcomes.endNoAgent(repository.lockHandoff(h.id()).orElseThrow(), "every eligible agent declined");
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
                    if (reserve(accountId, c)) {
                        long offerId = repository.insertOffer(h, c.userId(), now, now.plusSeconds(offerTimeout));
                        load.merge(c.userId(), 1, Integer::sum);
                        offered.add(c);
                        Offer offer = repository.offer(offerId).orElseThrow();
                        events.publishEvent(new RoutingNotice(accountId, List.of(c.userId()), "offer.created", offerViews.view(offer, h)));
                        if (!broadcast) {
                            break;
                        }
                    } else {
                        available.remove(c.userId()); // its status or load changed on another node
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

    /** Under the agent's row lock: still available and below capacity? Then the offer may be made. */
    private boolean reserve(long accountId, Candidate c) {
        Optional<RoutingRepository.StatusRow> locked = repository.lockStatus(accountId, c.userId());
        if (locked.isEmpty() || locked.get().status() != AgentStatus.AVAILABLE) {
            return false;
        }
        int current = load(accountId, Set.of(c.userId())).getOrDefault(c.userId(), 0);
        return current < c.capacity();
    }

    private Map<Long, List<String>> rules(long accountId, long inboxId, Set<Long> userIds) {
        Map<Long, List<String>> rules = new HashMap<>();
        repository.pageRules(accountId, inboxId, userIds)
                .forEach(r -> rules.computeIfAbsent(r.userId(), k -> new ArrayList<>()).add(r.pattern()));
        return rules;
    }

    /** Agents with page rules for the inbox only take visitors on matching pages; an unknown page passes. */
    private static Set<Long> pageAllowed(Handoff h, Set<Long> userIds, Map<Long, List<String>> rules) {
        Set<Long> allowed = new LinkedHashSet<>(userIds);
        if (h.pageUrl() == null) {
            return allowed;
        }
        rules.forEach((userId, patterns) -> {
            if (patterns.stream().noneMatch(p -> PagePattern.matches(p, h.pageUrl()))) {
                allowed.remove(userId);
            }
        });
        return allowed;
    }
}
