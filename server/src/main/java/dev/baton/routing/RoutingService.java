package dev.baton.routing;

import dev.baton.shared.AfterCommit;
import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.contact.ContactInbox;
import dev.baton.conversation.Actor;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueued;
import dev.baton.conversation.Transition;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.Status;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import dev.baton.shared.TransactionMemo;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The routing desk: handoffs to queues, offers and their answers, taking and assigning within capacity,
 * transfers and conferences (ARCHITECTURE.md section 4). Every decision runs in one transaction with
 * the row locks described in {@link RoutingRepository}.
 */
@Service
public class RoutingService {

    /** A handoff request from a bot, an agent or the API. */
    public record HandoffRequest(Long teamId, Long assigneeId, String reason, String summary) {
    }

    private final RoutingRepository repository;
    private final RoutingTransactions transactions;
    private final Router router;
    private final Outcomes outcomes;
    private final OfferViews offerViews;
    private final TeamService teams;
    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final ConversationService conversations;
    private final ConversationQueries conversationQueries;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    private final QueuePositions positions;
    /** The handoff each conversation's transition opened in the current transaction (ADR 0073). */
    private final TransactionMemo<Long, Handoff> opened = new TransactionMemo<>();

    RoutingService(RoutingRepository repository, RoutingTransactions transactions, Router router, Outcomes outcomes,
                   OfferViews offerViews, TeamService teams, AccountService accounts, AgentService agents,
                   InboxService inboxes, ConversationService conversations, ConversationQueries conversationQueries,
                   ApplicationEventPublisher events, Clock clock, io.micrometer.core.instrument.MeterRegistry meters,
                   QueuePositions positions) {
        this.positions = positions;
        this.meters = meters;
        this.repository = repository;
        this.transactions = transactions;
        this.router = router;
        this.outcomes = outcomes;
        this.offerViews = offerViews;
        this.teams = teams;
        this.accounts = accounts;
        this.agents = agents;
        this.inboxes = inboxes;
        this.conversations = conversations;
        this.conversationQueries = conversationQueries;
        this.events = events;
        this.clock = clock;
    }

    // ---- handoff

    /** An agent or API client asks for a person; the conversation waits in the team's (or inbox's) queue. */
    public Handoff requestHandoff(long accountId, CurrentUser actor, long conversationId, HandoffRequest request) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        return handoff(c, conversations.actorFor(accountId, actor), request);
    }

    /** The built-in bot's handoff step (or a handover keyword) asks for a person. */
    public Handoff requestHandoffBySystem(long accountId, long conversationId, HandoffRequest request) {
        Conversation c = conversationQueries.find(accountId, conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
        return handoff(c, Actor.bot(null), request);
    }

    /**
     * A bot asks for a person inside its own transaction: the handoff, or empty when the state machine
     * refuses it (an agent has the conversation, a handoff is open, it is resolved) or the team is gone,
     * with nothing written, so that the bot can take its no-agent path in the same transaction.
     */
    public Optional<Handoff> tryHandoffByBot(long accountId, long conversationId, Long teamId, String reason) {
        return tryHandoff(accountId, conversationId, teamId, reason, Actor.bot(null));
    }

    Optional<Handoff> tryHandoff(long accountId, long conversationId, Long teamId, String reason, Actor actor) {
        Conversation c = conversationQueries.find(accountId, conversationId).orElse(null);
        Team team = c == null || teamId == null ? null : teams.byId(teamId).filter(t -> t.accountId() == accountId).orElse(null);
        if (c == null || (teamId != null && team == null)) {
            return Optional.empty();
        }
        String queueName = team != null ? team.name() : inboxes.byId(c.inboxId()).map(i -> i.name()).orElse("");
        return transactions.run(() -> conversations.applyIfAllowed(accountId, conversationId, actor,
                        new Transition.HandOff(team == null ? null : team.id(), queueName, reason, null, null))
                .flatMap(queued -> openedHandoff(conversationId)));
    }

    /** A handoff's outcome, empty while it is open. */
    public Optional<String> outcomeOf(long handoffId) {
        return repository.handoff(handoffId).filter(h -> !h.open()).map(Handoff::outcome);
    }

    /**
     * What the visitor's "Talk to a person" came to: the handoff, and when its queue is outside business hours (the
     * handoff then ended no_agent with reason closed in the same transaction), when people are back.
     */
    public record VisitorHandoff(Handoff handoff, Optional<TeamService.Opening> closed) {
    }

    /**
     * The visitor asks for a person from the widget. One transaction from the visitor's lookup to the handoff's row
     * (ADR 0073): the inbox is read once, and the conversation is found, checked and locked in one read, its queue
     * chosen from the locked row.
     */
    public VisitorHandoff requestHandoffByVisitor(Supplier<ContactInbox> visitor, long conversationId) {
        return transactions.run(() -> {
            ContactInbox who = visitor.get();
            Team[] team = new Team[1];
            Conversation c = conversations.applyAsVisitor(who, conversationId, state -> {
                team[0] = state.teamId() == null ? null : teams.byId(state.teamId()).orElse(null);
                String queueName = team[0] != null ? team[0].name() : inboxes.byId(who.inboxId()).map(i -> i.name()).orElse("");
                return new Transition.HandOff(team[0] == null ? null : team[0].id(), queueName, "visitor", null, null);
            });
            Handoff h = openedHandoff(c.id()).orElseThrow();
            TeamService.Opening opening = team[0] == null ? teams.openingAt(c.accountId(), null, c.inboxId(), clock.instant())
                    : teams.openingAt(c.accountId(), team[0], clock.instant());
            if (opening.open()) {
                return new VisitorHandoff(h, Optional.empty());
            }
            // The handoff row is this transaction's own: no router holds it, so ending it here needs no queue lock.
            outcomes.endClosed(repository.lockHandoff(h.id()).orElseThrow());
            return new VisitorHandoff(repository.handoff(h.id()).orElseThrow(), Optional.of(opening));
        });
    }

    /** Why a done no_agent handoff ended early ({@link Handoff#CLOSED}), else empty. */
    public Optional<String> outcomeReasonOf(long handoffId) {
        return repository.outcomeReason(handoffId);
    }

    private Handoff handoff(Conversation c, Actor actor, HandoffRequest request) {
        Team team = resolveTeam(c, request.teamId());
        if (request.assigneeId() != null) {
            Agent target = agents.find(c.accountId(), request.assigneeId()).orElseThrow(() ->
                    BatonException.invalid("assignee_id", "unknown", "assignee_id names no agent of this account"));
            if (!inboxes.memberIds(c.inboxId()).contains(target.id())) {
                throw BatonException.invalid("assignee_id", "not_inbox_member", "The agent is not a member of this inbox");
            }
        }
        String reason = limit("reason", request.reason(), 500);
        String summary = limit("summary", request.summary(), 4000);
        String queueName = team != null ? team.name() : inboxes.byId(c.inboxId()).map(i -> i.name()).orElse("");
        return transactions.run(() -> {
            conversations.apply(c.accountId(), c.id(), actor, new Transition.HandOff(team == null ? null : team.id(), queueName,
                    reason, summary, request.assigneeId()));
            return openedHandoff(c.id()).orElseThrow();
        });
    }

    /**
     * The handoff a transition of this transaction opened, as inserted (by {@link #onQueued}); read when another
     * transaction opened it.
     */
    private Optional<Handoff> openedHandoff(long conversationId) {
        return opened.get(conversationId, this::openHandoff);
    }

    private Optional<Handoff> openHandoff(long conversationId) {
        return repository.openHandoffs(conversationId).stream().filter(h -> h.kind() == Handoff.Kind.HANDOFF).findFirst();
    }

    /**
     * A transition put the conversation in a queue (a handoff, a transfer to a team, an agent gone offline, a
     * bot handing over through Chatwoot's toggle_status): routing records the handoff in the same transaction,
     * so there is never a queued conversation without one, and offers it after commit.
     */
    @EventListener
    void onQueued(ConversationQueued e) {
        Team team = e.teamId() == null ? null : teams.byId(e.teamId()).orElse(null);
        // At the database's precision, so that the row in memory is the row written (no read back; ADR 0073).
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int timeout = team == null ? 60 : team.handoffTimeoutSeconds();
        Handoff draft = new Handoff(0, e.accountId(), e.conversationId(), e.inboxId(), Handoff.Kind.HANDOFF,
                team == null ? null : team.id(), e.targetAgentId(), e.requestedBy(), e.reason(), e.summary(), e.pageUrl(),
                Handoff.WAITING, null, now, now.plusSeconds(timeout), null, null, null);
        Handoff h = draft.withId(repository.insertHandoff(draft));
        opened.remember(h.conversationId(), h);
        announce(h);
        AfterCommit.run(() -> router.schedule(h.queueKey()));
    }

    /** Tells listeners (the handoff e-mail) who serves the queue the handoff now waits in; same transaction. */
    private void announce(Handoff h) {
        List<Long> inboxMembers = inboxes.memberIds(h.inboxId());
        List<Long> queue = h.teamId() == null ? inboxMembers
                : teams.memberIds(h.teamId()).stream().filter(inboxMembers::contains).toList();
        events.publishEvent(new HandoffRequested(h.accountId(), h.conversationId(), h.id(), h.inboxId(), h.teamId(),
                h.reason(), h.summary(), h.requestedBy(), queue));
    }

    /** The visitor does not want to wait for a person: outcome declined, and back to the bot if there is one. */
    public void cancelByVisitor(ContactInbox visitor, long conversationId) {
        Conversation c = conversationQueries.visitorConversation(visitor, conversationId);
        transactions.run(() -> {
            Handoff h = openHandoff(c.id()).flatMap(open -> repository.lockHandoff(open.id())).filter(Handoff::open)
                    .orElseThrow(() -> new BatonException(ErrorCode.NO_HANDOFF));
            conversations.apply(c.accountId(), c.id(), Actor.SYSTEM, new Transition.LeaveQueue(Handoff.DECLINED));
            outcomes.endDeclined(h);
            AfterCommit.run(() -> router.schedule(h.queueKey()));
        });
    }

    /**
     * The visitor's "back to the bot": from an agent, the bot goes on (handled); while waiting, the visitor
     * did not want a person after all (declined). One transaction: the handoff's lock, then the conversation's.
     */
    public void backToBotByVisitor(ContactInbox visitor, long conversationId) {
        Conversation c = conversationQueries.visitorConversation(visitor, conversationId);
        transactions.run(() -> {
            List<Handoff> locked = lockOpenHandoffs(c.id());
            conversations.applyAsVisitor(visitor, conversationId, new Transition.ToBot());
            for (Handoff h : locked) {
                if (h.open()) {
                    outcomes.endDeclined(h);
                    AfterCommit.run(() -> router.schedule(h.queueKey()));
                }
            }
        });
    }

    /** Locks the conversation's open handoffs (of every kind), in the routing lock order: before the conversation. */
    private List<Handoff> lockOpenHandoffs(long conversationId) {
        return repository.openHandoffs(conversationId).stream()
                .map(h -> repository.lockHandoff(h.id()).orElseThrow()).filter(Handoff::open).toList();
    }

    /** The visitor's place in the queue and an estimate of the wait, or empty when not waiting. */
    public Optional<Map<String, Object>> queuePosition(long accountId, long conversationId) {
        return repository.openHandoffs(conversationId).stream()
                .filter(h -> h.kind() == Handoff.Kind.HANDOFF && h.accountId() == accountId).findFirst()
                .map(h -> QueuePositions.view(h, repository.aheadOf(h) + 1, router.freeAgents(h.queueKey(), h),
                        positions.averageWait(h.queueKey())));
    }

    // ---- offers

    public List<OfferViews.OfferView> offers(long accountId, CurrentUser actor) {
        accounts.requireMember(accountId, actor);
        return repository.pendingOffersOf(accountId, actor.id()).stream()
                .filter(o -> o.expiresAt().isAfter(clock.instant()))
                .map(o -> offerViews.view(o, repository.handoff(o.handoffId()).orElseThrow())).toList();
    }

    public void accept(long accountId, CurrentUser actor, long offerId) {
        accounts.requireMember(accountId, actor);
        Offer found = ownOffer(accountId, actor, offerId);
        transactions.run(() -> {
            Handoff h = repository.lockHandoff(found.handoffId()).orElseThrow();
            Offer offer = repository.lockOffer(offerId).orElseThrow();
            requirePending(offer);
            Instant now = clock.instant();
            repository.lockStatus(accountId, actor.id());
            repository.setOfferStatus(offer.id(), Offer.ACCEPTED, now);
            ended(h, offer, Offer.ACCEPTED, null);
            meters.counter("baton.routing.offers", "event", "accepted").increment();
            meters.timer("baton.routing.time_to_accept").record(java.time.Duration.between(h.requestedAt(), now));
            outcomes.withdrawPending(h, offer.id(), "accepted_by_another_agent");
            String name = agents.find(accountId, actor.id()).map(Agent::availableName).orElse(actor.name());
            Transition accepted = switch (h.kind()) {
                case HANDOFF -> new Transition.Assign(actor.id(), name, Transition.Via.OFFER, null);
                case TRANSFER -> new Transition.Assign(actor.id(), name, Transition.Via.TRANSFER, h.requestedBy() == null ? ""
                        : agents.find(accountId, h.requestedBy()).map(Agent::availableName).orElse(""));
                case CONFERENCE -> new Transition.AddParticipant(actor.id(), name);
            };
            conversations.apply(accountId, h.conversationId(), Actor.SYSTEM, accepted);
            repository.setIdleSince(accountId, actor.id(), now);
            outcomes.endHandled(h, actor.id());
            AfterCommit.run(() -> router.schedule(h.queueKey()));
        });
    }

    /**
     * An agent answers a handoff from outside the workspace (the Slack bridge's Accept button): under the handoff's
     * lock, like {@link #accept}, so that of a web agent's accept and any number of such answers exactly one wins.
     * True when this one won: the other offers are withdrawn, the agent gets the conversation, the handoff ends
     * handled. False, with nothing written, when the handoff had ended already.
     */
    public boolean acceptFromOutside(long handoffId, long agentId) {
        return transactions.run(() -> {
            Handoff h = repository.lockHandoff(handoffId).filter(Handoff::open).filter(x -> x.kind() == Handoff.Kind.HANDOFF)
                    .orElse(null);
            if (h == null) {
                return false;
            }
            Agent agent = agents.find(h.accountId(), agentId).orElse(null);
            if (agent == null) {
                return false;
            }
            Instant now = clock.instant();
            repository.ensureStatus(h.accountId(), agentId, now);
            repository.lockStatus(h.accountId(), agentId);
            outcomes.withdrawPending(h, null, "accepted_by_another_agent");
            conversations.apply(h.accountId(), h.conversationId(), Actor.SYSTEM,
                    new Transition.Assign(agentId, agent.availableName(), Transition.Via.OFFER, null));
            repository.setIdleSince(h.accountId(), agentId, now);
            meters.timer("baton.routing.time_to_accept").record(java.time.Duration.between(h.requestedAt(), now));
            outcomes.endHandled(h, agentId);
            AfterCommit.run(() -> router.schedule(h.queueKey()));
            return true;
        });
    }

    /**
     * Someone outside the workspace turns a handoff down (the Slack bridge's Decline button, seed 000): the handoff
     * ends with no agent at once. False when it had ended already.
     */
    public boolean declineFromOutside(long handoffId) {
        return transactions.run(() -> {
            Handoff h = repository.lockHandoff(handoffId).filter(Handoff::open).filter(x -> x.kind() == Handoff.Kind.HANDOFF)
                    .orElse(null);
            if (h == null) {
                return false;
            }
            outcomes.endNoAgent(h, "declined in Slack");
            AfterCommit.run(() -> router.schedule(h.queueKey()));
            return true;
        });
    }

    public void decline(long accountId, CurrentUser actor, long offerId) {
        accounts.requireMember(accountId, actor);
        Offer found = ownOffer(accountId, actor, offerId);
        transactions.run(() -> {
            Handoff h = repository.lockHandoff(found.handoffId()).orElseThrow();
            Offer offer = repository.lockOffer(offerId).orElseThrow();
            requirePending(offer);
            repository.setOfferStatus(offer.id(), Offer.DECLINED, clock.instant());
            ended(h, offer, Offer.DECLINED, null);
            meters.counter("baton.routing.offers", "event", "declined").increment();
            afterPass(h, offer, "declined");
        });
    }

    /** Tells durable reactions (webhooks) that an offer stopped waiting; in the transaction that ended it. */
    void ended(Handoff h, Offer offer, String status, String reason) {
        events.publishEvent(new OfferEnded(h.accountId(), offer.id(), h.id(), h.conversationId(), offer.agentId(),
                h.kind().name().toLowerCase(java.util.Locale.ROOT), status, reason));
    }

    /** After a decline or a missed offer: the handoff waits for the next agent; a transfer or invitation ends. */
    void afterPass(Handoff h, Offer offer, String how) {
        boolean othersPending = repository.offersOf(h.id()).stream()
                .anyMatch(o -> o.id() != offer.id() && Offer.PENDING.equals(o.status()));
        if (h.kind() == Handoff.Kind.HANDOFF) {
            if (!othersPending) {
                repository.updateHandoff(h.id(), Handoff.WAITING, null, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null, null, null);
            }
            AfterCommit.run(() -> router.schedule(h.queueKey()));
            return;
        }
        if (Offer.EXPIRED.equals(how)) {
            outcomes.endNoAgent(h, "not accepted in time");
        } else {
            outcomes.endDeclined(h);
        }
        String name = agents.find(h.accountId(), offer.agentId()).map(Agent::availableName).orElse("");
        if (h.kind() == Handoff.Kind.TRANSFER) {
            conversations.note(h.accountId(), h.conversationId(), "transfer_not_accepted", name);
        }
        if (h.requestedBy() != null) {
            events.publishEvent(new RoutingNotice(h.accountId(), List.of(h.requestedBy()),
                    h.kind() == Handoff.Kind.TRANSFER ? "transfer.failed" : "conference.failed",
                    Map.of("conversation_id", h.conversationId(), "agent_id", offer.agentId(), "agent_name", name,
                            "reason", how)));
        }
    }

    // ---- taking and assigning

    /**
     * Chatwoot's assignment, within capacity: an agent takes a conversation (self-assign), or someone assigns
     * it; only administrators and supervisors may {@code overrideCapacity}. An open handoff ends as handled.
     */
    public Conversation assign(long accountId, CurrentUser actor, long conversationId, Long assigneeId, boolean overrideCapacity,
                               Long seenVersion) {
        Membership member = accounts.requireMember(accountId, actor);
        if (overrideCapacity && !member.role().seesAllInboxes()) {
            throw BatonException.forbidden("administrators and supervisors", "assign beyond capacity");
        }
        Conversation visible = conversationQueries.get(accountId, actor, conversationId);
        if (assigneeId == null) {
            return transactions.run(() -> conversations.assign(accountId, actor, conversationId, null, seenVersion));
        }
        Agent assignee = agents.find(accountId, assigneeId).orElseThrow(() ->
                BatonException.invalid("assignee_id", "unknown", "assignee_id names no agent of this account"));
        repository.ensureStatus(accountId, assigneeId, clock.instant());
        return transactions.run(() -> {
            List<Handoff> locked = lockOpenHandoffs(visible.id());
            repository.lockStatus(accountId, assigneeId);
            boolean already = conversationQueries.find(accountId, conversationId)
                    .map(c -> java.util.Objects.equals(c.assigneeId(), assigneeId)).orElse(false);
            if (!overrideCapacity && !already) {
                int load = router.load(accountId, java.util.Set.of(assigneeId)).getOrDefault(assigneeId, 0);
                if (load >= assignee.capacity()) {
                    throw new BatonException(ErrorCode.AGENT_AT_CAPACITY, assignee.availableName(), load, assignee.capacity());
                }
            }
            Conversation assigned = conversations.assign(accountId, actor, conversationId, assigneeId, seenVersion);
            // Under the conversation's lock no handoff can start any more: one that started before it is ours to end.
            List<Handoff> open = new java.util.ArrayList<>(locked);
            repository.openHandoffs(visible.id()).stream().filter(h -> locked.stream().noneMatch(l -> l.id() == h.id()))
                    .forEach(h -> repository.lockHandoff(h.id()).filter(Handoff::open).ifPresent(open::add));
            for (Handoff h : open) {
                if (h.kind() == Handoff.Kind.HANDOFF) {
                    outcomes.withdrawPending(h, null, "assigned");
                    outcomes.endHandled(h, assigneeId);
                    AfterCommit.run(() -> router.schedule(h.queueKey()));
                }
            }
            repository.setIdleSince(accountId, assigneeId, clock.instant());
            return assigned;
        });
    }

    /**
     * The agent reopens a closed conversation: they take it when they can (licensed, below their capacity);
     * otherwise it waits in its team's queue (the inbox's, or the inbox's agents') with a real handoff that
     * routing offers to whoever can (docs/routing.md#reopening). Decided under the agent's status lock, as
     * assignments are, so that two reopens at once cannot take an agent over capacity.
     */
    public Conversation reopen(long accountId, CurrentUser actor, long conversationId, Long seenVersion) {
        Conversation visible = conversationQueries.get(accountId, actor, conversationId);
        Agent self = agents.find(accountId, actor.id()).orElseThrow(() -> BatonException.notFound("Agent"));
        repository.ensureStatus(accountId, self.id(), clock.instant());
        Team team = visible.teamId() != null ? teams.byId(visible.teamId()).orElse(null)
                : inboxes.byId(visible.inboxId()).map(i -> i.automation().teamId()).flatMap(teams::byId).orElse(null);
        String queueName = team != null ? team.name() : inboxes.byId(visible.inboxId()).map(i -> i.name()).orElse("");
        return transactions.run(() -> {
            repository.lockStatus(accountId, self.id());
            boolean canTake = java.util.Objects.equals(visible.assigneeId(), self.id()) || self.licensed()
                    && router.load(accountId, java.util.Set.of(self.id())).getOrDefault(self.id(), 0) < self.capacity();
            Conversation reopened = conversations.applyAsAgent(accountId, actor, conversationId, canTake
                    ? new Transition.Reopen(actor.id())
                    : new Transition.ReopenToQueue(team == null ? null : team.id(), queueName), seenVersion);
            if (canTake) {
                repository.setIdleSince(accountId, self.id(), clock.instant());
            }
            return reopened;
        });
    }

    // ---- transfer and conference

    /** To an agent: an offer; the conversation stays with its agent until the target accepts. To a team: the queue. */
    public Handoff transfer(long accountId, CurrentUser actor, long conversationId, Long agentId, Long teamId, String note,
                           Long seenVersion) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        if ((agentId == null) == (teamId == null)) {
            throw BatonException.invalid("agent_id", "required", "send either agent_id or team_id");
        }
        String cleanNote = limit("note", note, 4000);
        if (teamId != null) {
            Team team = teams.get(accountId, actor, teamId);
            Handoff h = transactions.run(() -> {
                List<Handoff> pending = lockOpenHandoffs(c.id());
                conversations.applyAsAgent(accountId, actor, c.id(), new Transition.TransferToTeam(team.id(), team.name(), cleanNote),
                        seenVersion);
                if (!pending.isEmpty()) {
                    throw new BatonException(ErrorCode.HANDOFF_IN_PROGRESS); // a transfer or invitation awaits an answer
                }
                if (cleanNote != null) {
                    conversations.privateNote(accountId, c.id(), actor.id(), cleanNote);
                }
                return openHandoff(c.id()).orElseThrow();
            });
            router.schedule(h.queueKey());
            return h;
        }
        if (agentId == actor.id()) {
            throw BatonException.invalid("agent_id", "same_agent", "transfer to someone else");
        }
        requireSeesInbox(c, agentId);
        return offerTo(c, actor, agentId, Handoff.Kind.TRANSFER, cleanNote, seenVersion);
    }

    /** Invites a second agent; once they accept, both see and write (seed 003's conference). */
    public Handoff invite(long accountId, CurrentUser actor, long conversationId, long agentId, Long seenVersion) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        if (agentId == actor.id() || conversationQueries.participants(c.id()).contains(agentId)) {
            throw BatonException.invalid("agent_id", "already_in", "that agent is already in the conversation");
        }
        return offerTo(c, actor, agentId, Handoff.Kind.CONFERENCE, null, seenVersion);
    }

    public void leave(long accountId, CurrentUser actor, long conversationId, long agentId, Long seenVersion) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        String name = agents.find(accountId, agentId).map(Agent::availableName).orElse("");
        transactions.run(() -> conversations.applyAsAgent(accountId, actor, c.id(), new Transition.RemoveParticipant(agentId, name),
                seenVersion));
        router.schedule("inbox:" + c.inboxId());
        teamsOf(accountId, agentId).forEach(router::schedule);
    }

    private Handoff offerTo(Conversation c, CurrentUser actor, long agentId, Handoff.Kind kind, String note, Long seenVersion) {
        Agent target = agents.find(c.accountId(), agentId).orElseThrow(() ->
                BatonException.invalid("agent_id", "unknown", "agent_id names no agent of this account"));
        if (!target.licensed()) {
            throw BatonException.invalid("agent_id", "not_licensed", target.availableName() + " has no licence");
        }
        int timeout = Optional.ofNullable(c.teamId()).flatMap(teams::byId).map(Team::offerTimeoutSeconds).orElse(20);
        repository.ensureStatus(c.accountId(), agentId, clock.instant());
        return transactions.run(() -> {
            List<Handoff> pending = lockOpenHandoffs(c.id());
            // Checked under the conversation's lock: its agent still has it, and this actor may pass it on.
            Conversation locked = conversations.applyAsAgent(c.accountId(), actor, c.id(),
                    kind == Handoff.Kind.TRANSFER ? new Transition.TransferToAgent(agentId) : new Transition.Invite(agentId), seenVersion);
            if (agentId == (locked.assigneeId() == null ? -1 : locked.assigneeId())) {
                throw BatonException.invalid("agent_id", kind == Handoff.Kind.TRANSFER ? "same_agent" : "already_in",
                        kind == Handoff.Kind.TRANSFER ? "transfer to someone else" : "that agent is already in the conversation");
            }
            if (pending.stream().anyMatch(h -> h.kind() == kind)) {
                throw new BatonException(ErrorCode.HANDOFF_IN_PROGRESS);
            }
            RoutingRepository.StatusRow status = repository.lockStatus(c.accountId(), agentId).orElseThrow();
            if (status.status() != AgentStatus.AVAILABLE) {
                throw new BatonException(ErrorCode.AGENT_NOT_AVAILABLE, target.availableName());
            }
            int load = router.load(c.accountId(), java.util.Set.of(agentId)).getOrDefault(agentId, 0);
            if (load >= target.capacity()) {
                throw new BatonException(ErrorCode.AGENT_AT_CAPACITY, target.availableName(), load, target.capacity());
            }
            Instant now = clock.instant();
            Handoff draft = new Handoff(0, c.accountId(), c.id(), c.inboxId(), kind, c.teamId(), agentId, actor.id(),
                    kind == Handoff.Kind.TRANSFER ? "transfer" : "conference", note, c.pageUrl(), Handoff.OFFERING, null, now,
                    now.plusSeconds(timeout), now, null, null);
            Handoff h = repository.handoff(repository.insertHandoff(draft)).orElseThrow();
            Offer offer = repository.offer(repository.insertOffer(h, agentId, now, now.plusSeconds(timeout))).orElseThrow();
            events.publishEvent(new RoutingNotice(c.accountId(), List.of(agentId), "offer.created", offerViews.view(offer, h)));
            events.publishEvent(new OfferCreated(c.accountId(), offer.id(), h.id(), h.conversationId(), agentId,
                    kind.name().toLowerCase(java.util.Locale.ROOT), offer.expiresAt()));
            return h;
        });
    }

    public void visibleOrFail(long accountId, CurrentUser actor, long conversationId) {
        conversationQueries.get(accountId, actor, conversationId);
    }

    public void visitorConversationOrFail(ContactInbox visitor, long conversationId) {
        conversationQueries.visitorConversation(visitor, conversationId);
    }

    /** The extra agents of a conference. */
    public List<Map<String, Object>> participants(long accountId, CurrentUser actor, long conversationId) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        return agents.agents(accountId, conversationQueries.participants(c.id())).stream()
                .<Map<String, Object>>map(a -> Map.of("id", a.id(), "name", a.name(), "available_name", a.availableName()))
                .toList();
    }

    /** Page patterns per inbox for an agent (seed 001's per-site tabs); an empty list allows every page. */
    public List<Map<String, Object>> pageRules(long accountId, CurrentUser actor, long userId) {
        accounts.requireMember(accountId, actor);
        agents.get(accountId, userId); // someone outside the account has no rules here: 404, as for the PUT
        return repository.pageRulesOf(accountId, userId).stream()
                .<Map<String, Object>>map(r -> Map.of("inbox_id", r.inboxId(), "pattern", r.pattern())).toList();
    }

    public List<Map<String, Object>> replacePageRules(long accountId, CurrentUser actor, long userId, List<Map<String, Object>> rules) {
        accounts.requireAdministrator(accountId, actor);
        agents.get(accountId, userId);
        if (rules == null || rules.size() > 100) {
            throw BatonException.invalid("rules", "length", "send 0 to 100 rules");
        }
        List<RoutingRepository.PageRule> clean = new java.util.ArrayList<>();
        for (Map<String, Object> rule : rules) {
            if (rule == null) {
                throw BatonException.invalid("rules", "required", "every rule is an object with inbox_id and pattern");
            }
            Object inbox = rule.get("inbox_id");
            if (!(inbox instanceof Number n)) {
                throw BatonException.invalid("rules", "inbox_id", "every rule needs an inbox_id");
            }
            inboxes.require(accountId, n.longValue());
            clean.add(new RoutingRepository.PageRule(userId, n.longValue(),
                    PagePattern.check(rule.get("pattern") == null ? null : rule.get("pattern").toString())));
        }
        transactions.run(() -> repository.replacePageRules(accountId, userId, clean));
        return pageRules(accountId, actor, userId);
    }

    /** The target of a transfer must be able to see the conversation afterwards. */
    private void requireSeesInbox(Conversation c, long agentId) {
        boolean supervising = accounts.membership(c.accountId(), agentId).map(m -> m.role().seesAllInboxes()).orElse(false);
        if (!supervising && !inboxes.memberIds(c.inboxId()).contains(agentId)) {
            throw BatonException.invalid("agent_id", "not_inbox_member", "The agent is not a member of this conversation's inbox");
        }
    }

    // ---- helpers

    private Offer ownOffer(long accountId, CurrentUser actor, long offerId) {
        Offer offer = repository.offer(offerId).filter(o -> o.accountId() == accountId)
                .orElseThrow(() -> BatonException.notFound("Offer"));
        if (offer.agentId() != actor.id()) {
            throw new BatonException(ErrorCode.OFFER_NOT_YOURS);
        }
        return offer;
    }

    private void requirePending(Offer offer) {
        switch (offer.status()) {
            case Offer.PENDING -> {
                if (!offer.expiresAt().isAfter(clock.instant())) {
                    throw new BatonException(ErrorCode.OFFER_EXPIRED);
                }
            }
            case Offer.EXPIRED -> throw new BatonException(ErrorCode.OFFER_EXPIRED);
            case Offer.WITHDRAWN -> throw new BatonException(ErrorCode.OFFER_WITHDRAWN);
            default -> throw new BatonException(ErrorCode.OFFER_ANSWERED, offer.status());
        }
    }

    private Team resolveTeam(Conversation c, Long teamId) {
        if (teamId != null) {
            return teams.byId(teamId).filter(t -> t.accountId() == c.accountId())
                    .orElseThrow(() -> BatonException.invalid("team_id", "unknown", "team_id names no team of this account"));
        }
        return c.teamId() == null ? null : teams.byId(c.teamId()).orElse(null);
    }

    List<String> teamsOf(long accountId, long userId) {
        return teams.teamIdsOf(userId).stream().map(id -> "team:" + id).toList();
    }

    private static String limit(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw BatonException.invalid(field, "length", field + " must have at most " + max + " characters");
        }
        return value.strip();
    }
}
