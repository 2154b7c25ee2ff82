package dev.baton.routing;

import dev.baton.shared.AfterCommit;
import dev.baton.account.AccountChanged;
import dev.baton.account.AccountService;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * Agent status: what agents choose (available, away, offline), RONA after a missed offer, and offline
 * after the presence grace once no workspace socket of theirs has been seen (on any node).
 */
@Service
public class Presence {

    /** An agent's status as the workspace shows it; {@code busy} is derived from load and capacity. */
    public record StatusView(long userId, String status, boolean busy, int load, int capacity, Long changedAt) {
    }

    private final RoutingRepository repository;
    private final RoutingTransactions transactions;
    private final Router router;
    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final TeamService teams;
    private final ConversationQueries conversations;
    private final dev.baton.conversation.ConversationService conversationService;
    private final Outcomes outcomes;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final java.time.Duration grace;

    Presence(RoutingRepository repository, RoutingTransactions transactions, Router router, AccountService accounts,
             AgentService agents, InboxService inboxes, TeamService teams, ConversationQueries conversations,
             dev.baton.conversation.ConversationService conversationService, Outcomes outcomes,
             ApplicationEventPublisher events, Clock clock, dev.baton.shared.BatonProperties properties) {
        this.conversationService = conversationService;
        this.outcomes = outcomes;
        this.grace = properties.routing().presenceGrace();
        this.repository = repository;
        this.transactions = transactions;
        this.router = router;
        this.accounts = accounts;
        this.agents = agents;
        this.inboxes = inboxes;
        this.teams = teams;
        this.conversations = conversations;
        this.events = events;
        this.clock = clock;
    }

    /** Sets the caller's status in one account, or in all their accounts when {@code accountId} is null. */
    public List<StatusView> setAvailability(CurrentUser user, Long accountId, String availability) {
        AgentStatus chosen = AgentStatus.chosen(availability);
        List<Long> accountIds = accountId != null ? List.of(accounts.requireMember(accountId, user).accountId())
                : accounts.membershipsOf(user.id()).stream().map(Membership::accountId).toList();
        if (accountIds.isEmpty()) {
            throw BatonException.notFound("Account");
        }
        List<StatusView> views = new ArrayList<>();
        for (long account : accountIds) {
            Instant now = clock.instant();
            repository.ensureStatus(account, user.id(), now);
            transactions.run(() -> {
                if (chosen == AgentStatus.OFFLINE || chosen == AgentStatus.AWAY) {
                    withdrawOffersOf(account, user.id(), "agent_" + chosen.wire());
                }
                RoutingRepository.StatusRow row = repository.lockStatus(account, user.id()).orElseThrow();
                Instant idle = chosen == AgentStatus.AVAILABLE && row.status() != AgentStatus.AVAILABLE ? now : row.idleSince();
                repository.setStatus(account, user.id(), chosen, now, idle);
                repository.seen(List.of(user.id()), now);
                statusChanged(account, user.id(), chosen);
            });
            // Available: their queues are offered to them; any change: those queues' visitors hear the agents available.
            queuesOf(account, user.id()).forEach(router::schedule);
            views.add(view(account, user.id()));
        }
        return views;
    }

    /**
     * How recently a workspace socket must have been seen for its agent to count as connected: three heartbeats (15 s
     * apart), so that one beat that skipped the agent's held row (ADR 0064) does not make them look gone.
     */
    static final java.time.Duration CONNECTED_WITHIN = java.time.Duration.ofSeconds(45);

    /** Whether a workspace of the agent is connected (seen within three heartbeats, on any node). */
    public boolean connected(long accountId, long userId) {
        return repository.status(accountId, userId).map(RoutingRepository.StatusRow::lastSeenAt)
                .filter(seen -> !seen.isBefore(clock.instant().minus(CONNECTED_WITHIN))).isPresent();
    }

    /** Workspace sockets of these users are connected on this node: they are present. */
    public void seen(Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            transactions.run(() -> repository.seen(userIds, clock.instant()));
        }
    }

    public List<StatusView> statuses(long accountId, CurrentUser actor) {
        accounts.requireMember(accountId, actor);
        List<RoutingRepository.StatusRow> rows = repository.statusesOfAccount(accountId, 1000);
        Map<Long, Integer> load = router.load(accountId, rows.stream().map(RoutingRepository.StatusRow::userId)
                .collect(java.util.stream.Collectors.toSet()));
        Map<Long, Integer> capacity = new LinkedHashMap<>();
        agents.agents(accountId, rows.stream().map(RoutingRepository.StatusRow::userId).toList())
                .forEach(a -> capacity.put(a.id(), a.capacity()));
        return rows.stream().map(r -> view(r, load.getOrDefault(r.userId(), 0), capacity.getOrDefault(r.userId(), 0))).toList();
    }

    public StatusView view(long accountId, long userId) {
        RoutingRepository.StatusRow row = repository.status(accountId, userId).orElse(
                new RoutingRepository.StatusRow(accountId, userId, AgentStatus.OFFLINE, null, null, null));
        int load = router.load(accountId, Set.of(userId)).getOrDefault(userId, 0);
        int capacity = agents.find(accountId, userId).map(a -> a.capacity()).orElse(0);
        return view(row, load, capacity);
    }

    private static StatusView view(RoutingRepository.StatusRow r, int load, int capacity) {
        return new StatusView(r.userId(), r.status().wire(), r.status() == AgentStatus.AVAILABLE && load >= capacity, load,
                capacity, r.changedAt() == null ? null : r.changedAt().getEpochSecond());
    }

    /**
     * After a transition that freed or took an agent's capacity (a chat ended, moved on, or was assigned), once it
     * commits: the agent's queues are dispatched at once, the oldest waiting conversation first. A nudge, in the
     * transaction's own thread after commit (ADR 0060): lost with the node at worst, when the sweep dispatches every
     * queue with a waiting handoff within a second. It used to be part of the durable reaction below, so that every
     * assignment and every resolve wrote an event publication and waited for an asynchronous transaction of its own
     * before the next offer could go out.
     */
    @EventListener
    void onCapacityChanged(ConversationStateChanged e) {
        if (e.previousAssignee() != null && (e.assigneeChanged() || e.status() != dev.baton.conversation.Status.OPEN)) {
            long freed = e.previousAssignee();
            AfterCommit.run(() -> queuesOf(e.accountId(), freed).forEach(router::schedule));
        }
        if (e.assignee() != null && e.assigneeChanged()) {
            // less capacity: fewer agents available
            long taken = e.assignee();
            AfterCommit.run(() -> queuesOf(e.accountId(), taken).forEach(router::schedule));
        }
    }

    /**
     * A conversation that left its queue without routing (closed, or taken back by the bot or an agent elsewhere)
     * ends its handoff (durable: runs again if this node dies first): declined when the visitor left or it was closed,
     * no_agent when the bot took it back. Idempotent: a handoff already ended is left alone.
     */
    @ApplicationModuleListener(condition = "#a0.leftQueue()")
    void onLeftQueue(ConversationStateChanged e) {
        // This listener runs in a transaction of its own: dispatches (and the positions they push) wait for its commit.
        for (Handoff open : repository.openHandoffs(e.conversationId())) {
            if (open.kind() != Handoff.Kind.HANDOFF) {
                continue;
            }
            transactions.run(() -> {
                Handoff h = repository.lockHandoff(open.id()).orElseThrow();
                boolean stillWaiting = conversations.find(e.accountId(), e.conversationId())
                        .map(c -> c.handoffOpen()).orElse(false);
                if (!h.open() || stillWaiting) {
                    return; // ended already, or a new handoff of the same conversation
                }
                if (e.status() == dev.baton.conversation.Status.RESOLVED) {
                    outcomes.endQuietly(h, "visitor".equals(e.actor()) ? Handoff.VISITOR_LEFT : Handoff.DECLINED);
                } else {
                    outcomes.endQuietly(h, e.owner() == dev.baton.conversation.Owner.AGENT ? Handoff.HANDLED : Handoff.NO_AGENT);
                }
            });
            AfterCommit.run(() -> router.schedule(open.queueKey()));
        }
    }

    /** An admin changed a member's capacity or licence: the queues they serve have more or fewer agents available. */
    @EventListener
    void onMemberChanged(AccountChanged e) {
        if (AccountChanged.ACCOUNT_USER.equals(e.subject()) && AccountChanged.UPDATE.equals(e.action())
                && (!Objects.equals(e.before().get("capacity"), e.after().get("capacity"))
                    || !Objects.equals(e.before().get("licensed"), e.after().get("licensed")))) {
            AfterCommit.run(() -> queuesOf(e.accountId(), e.subjectId()).forEach(router::schedule));
        }
    }

        // ---- used by the sweeper

    /** An agent whose workspace is gone: offline, their offers go to others, their chats per team setting. */
    void dropOffline(long accountId, long userId) {
        List<Long> requeue = new ArrayList<>();
        transactions.run(() -> {
            withdrawOffersOf(accountId, userId, "agent_offline");
            RoutingRepository.StatusRow row = repository.lockStatus(accountId, userId).orElse(null);
            Instant cutoff = clock.instant().minus(grace);
            if (row == null || row.status() == AgentStatus.OFFLINE
                    || (row.lastSeenAt() != null && !row.lastSeenAt().isBefore(cutoff))) {
                return; // came back, or another node did it
            }
            repository.setStatus(accountId, userId, AgentStatus.OFFLINE, clock.instant(), row.idleSince());
            statusChanged(accountId, userId, AgentStatus.OFFLINE);
            requeue.addAll(conversations.openAssignedTo(accountId, userId));
        });
        for (long conversationId : requeue) {
            requeueIfTeamSaysSo(accountId, userId, conversationId);
        }
        queuesOf(accountId, userId).forEach(router::schedule);
    }

    java.time.Duration grace() {
        return grace;
    }

    private void requeueIfTeamSaysSo(long accountId, long userId, long conversationId) {
        conversations.find(accountId, conversationId).ifPresent(c -> {
            if (c.teamId() == null) {
                return;
            }
            teams.byId(c.teamId()).filter(Team::requeueOnDisconnect).ifPresent(team -> {
                String name = agents.find(accountId, userId).map(a -> a.availableName()).orElse("");
                transactions.run(() -> {
                    // Under the conversation's lock: only if the agent still has it and nobody else moved it.
                    conversationService.apply(accountId, c.id(), dev.baton.conversation.Actor.SYSTEM,
                            state -> java.util.Objects.equals(state.assigneeId(), userId)
                                    && state.status() == dev.baton.conversation.Status.OPEN
                                    ? new dev.baton.conversation.Transition.Requeue(team.id(), name) : null);
                });
                router.schedule("team:" + team.id());
            });
        });
    }

    /** Withdraws an agent's pending offers; their handoffs wait for the next agent. Lock order: handoff first. */
    void withdrawOffersOf(long accountId, long userId, String reason) {
        Instant now = clock.instant();
        for (Offer pending : repository.pendingOffersOf(accountId, userId)) {
            Handoff h = repository.lockHandoff(pending.handoffId()).orElseThrow();
            Offer offer = repository.lockOffer(pending.id()).orElseThrow();
            if (!Offer.PENDING.equals(offer.status())) {
                continue;
            }
            repository.setOfferStatus(offer.id(), Offer.WITHDRAWN, now);
            events.publishEvent(new OfferEnded(accountId, offer.id(), h.id(), h.conversationId(), offer.agentId(),
                    h.kind().name().toLowerCase(java.util.Locale.ROOT), Offer.WITHDRAWN, reason));
            events.publishEvent(new RoutingNotice(accountId, List.of(userId), "offer.withdrawn",
                    Map.of("offer_id", offer.id(), "conversation_id", offer.conversationId(), "reason", reason)));
            boolean othersPending = repository.offersOf(h.id()).stream()
                    .anyMatch(o -> o.id() != offer.id() && Offer.PENDING.equals(o.status()));
            if (!othersPending && h.kind() == Handoff.Kind.HANDOFF) {
                repository.updateHandoff(h.id(), Handoff.WAITING, null, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null, null, null);
            } else if (!othersPending) {
                outcomes.endNoAgent(h, reason);
            }
            AfterCommit.run(() -> router.schedule(h.queueKey()));
        }
    }

    void statusChanged(long accountId, long userId, AgentStatus status) {
        agents.recordAvailability(accountId, userId, status.availability());
        List<Long> audience = new ArrayList<>(agents.supervisingUserIds(accountId));
        if (!audience.contains(userId)) {
            audience.add(userId);
        }
        events.publishEvent(new RoutingNotice(accountId, audience, "agent.status_changed",
                Map.of("user_id", userId, "status", status.wire())));
        events.publishEvent(new AgentStatusChanged(java.util.UUID.randomUUID(), accountId, userId, status.wire(), clock.instant()));
    }

    /** The queues an agent serves: their teams, and the inboxes they belong to (for handoffs without a team). */
    List<String> queuesOf(long accountId, long userId) {
        List<String> queues = new ArrayList<>();
        teams.teamIdsOf(userId).forEach(id -> queues.add("team:" + id));
        inboxes.inboxIdsOf(accountId, userId).forEach(id -> queues.add("inbox:" + id));
        return queues;
    }
}
