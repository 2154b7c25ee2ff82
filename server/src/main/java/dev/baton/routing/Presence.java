package dev.baton.routing;

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
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

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
            if (chosen == AgentStatus.AVAILABLE) {
                queuesOf(account, user.id()).forEach(router::schedule);
            }
            views.add(view(account, user.id()));
        }
        return views;
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
     * Capacity freed (a chat ended or moved on): the oldest waiting conversation of the agent's queues first.
     * A conversation that ended or went back to the bot while waiting ends its handoff: declined when it was
     * closed (nobody is waiting any more), no_agent when the bot took it back.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onConversationChanged(ConversationStateChanged e) {
        if (e.previousAssignee() != null && (e.assigneeChanged() || e.status() != dev.baton.conversation.Status.OPEN)) {
            queuesOf(e.accountId(), e.previousAssignee()).forEach(router::schedule);
        }
        boolean closed = e.status() != dev.baton.conversation.Status.OPEN;
        boolean backToBot = e.owner() == dev.baton.conversation.Owner.BOT;
        if (closed || backToBot) {
            for (Handoff open : repository.openHandoffs(e.conversationId())) {
                transactions.run(() -> {
                    Handoff h = repository.lockHandoff(open.id()).orElseThrow();
                    if (!h.open()) {
                        return;
                    }
                    if (closed) {
                        outcomes.endDeclined(h);
                    } else {
                        outcomes.endQuietly(h, Handoff.NO_AGENT);
                    }
                });
                router.schedule(open.queueKey());
            }
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
                    dev.baton.conversation.Conversation now = conversations.find(accountId, c.id()).orElse(null);
                    if (now == null || !java.util.Objects.equals(now.assigneeId(), userId)
                            || now.status() != dev.baton.conversation.Status.OPEN || !repository.openHandoffs(c.id()).isEmpty()) {
                        return;
                    }
                    conversationService.queue(accountId, c.id(), team.id(), "requeued", name);
                    Instant at = clock.instant();
                    repository.insertHandoff(new Handoff(0, accountId, c.id(), c.inboxId(), Handoff.Kind.HANDOFF, team.id(), null,
                            null, "agent_offline", null, null, Handoff.WAITING, null, at,
                            at.plusSeconds(team.handoffTimeoutSeconds()), null, null, null));
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
            events.publishEvent(new RoutingNotice(accountId, List.of(userId), "offer.withdrawn",
                    Map.of("offer_id", offer.id(), "conversation_id", offer.conversationId(), "reason", reason)));
            boolean othersPending = repository.offersOf(h.id()).stream()
                    .anyMatch(o -> o.id() != offer.id() && Offer.PENDING.equals(o.status()));
            if (!othersPending && h.kind() == Handoff.Kind.HANDOFF) {
                repository.updateHandoff(h.id(), Handoff.WAITING, null, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null, null, null);
            } else if (!othersPending) {
                outcomes.endNoAgent(h, reason);
            }
            RoutingTransactions.afterCommit(() -> router.schedule(h.queueKey()));
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
    }

    /** The queues an agent serves: their teams, and the inboxes they belong to (for handoffs without a team). */
    List<String> queuesOf(long accountId, long userId) {
        List<String> queues = new ArrayList<>();
        teams.teamIdsOf(userId).forEach(id -> queues.add("team:" + id));
        inboxes.inboxIdsOf(accountId, userId).forEach(id -> queues.add("inbox:" + id));
        return queues;
    }
}
