package dev.baton.routing;

import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.contact.ContactInbox;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.Owner;
import dev.baton.conversation.Status;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
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

    RoutingService(RoutingRepository repository, RoutingTransactions transactions, Router router, Outcomes outcomes,
                   OfferViews offerViews, TeamService teams, AccountService accounts, AgentService agents,
                   InboxService inboxes, ConversationService conversations, ConversationQueries conversationQueries,
                   ApplicationEventPublisher events, Clock clock, io.micrometer.core.instrument.MeterRegistry meters) {
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
        return handoff(c, actor.id(), request);
    }

    /** The built-in bot's handoff step (or a handover keyword) asks for a person. */
    public Handoff requestHandoffBySystem(long accountId, long conversationId, HandoffRequest request) {
        Conversation c = conversationQueries.find(accountId, conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
        return handoff(c, null, request);
    }

    /** Whether a conversation is waiting for a person (an open handoff). */
    public boolean waitingForPerson(long conversationId) {
        return repository.openHandoffs(conversationId).stream().anyMatch(h -> h.kind() == Handoff.Kind.HANDOFF);
    }

    /** The visitor asks for a person from the widget. */
    public Handoff requestHandoffByVisitor(ContactInbox visitor, long conversationId) {
        Conversation c = conversationQueries.visitorConversation(visitor, conversationId);
        return handoff(c, null, new HandoffRequest(null, null, "visitor", null));
    }

    private Handoff handoff(Conversation c, Long requestedBy, HandoffRequest request) {
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
        Handoff created = transactions.run(() -> {
            String label = team != null ? team.name() : inboxes.byId(c.inboxId()).map(i -> i.name()).orElse("");
            Conversation queued = conversations.queue(c.accountId(), c.id(), team == null ? c.teamId() : Long.valueOf(team.id()),
                    "handoff_requested", label, reason == null ? "" : " (" + reason + ")");
            if (c.owner() == Owner.AGENT && c.status() == Status.OPEN) {
                throw BatonException.conflict("conversation_has_agent",
                        "An agent has this conversation: transfer it instead of handing it off");
            }
            if (!repository.openHandoffs(c.id()).isEmpty()) {
                throw BatonException.conflict("handoff_in_progress", "This conversation is already waiting for a person");
            }
            Instant now = clock.instant();
            int timeout = team == null ? 60 : team.handoffTimeoutSeconds();
            Handoff draft = new Handoff(0, c.accountId(), c.id(), c.inboxId(), Handoff.Kind.HANDOFF,
                    team == null ? null : team.id(), request.assigneeId(), requestedBy, reason, summary, pageUrl(queued),
                    Handoff.WAITING, null, now, now.plusSeconds(timeout), null, null, null);
            Handoff h = repository.handoff(repository.insertHandoff(draft)).orElseThrow();
            announce(h);
            RoutingTransactions.afterCommit(() -> router.schedule(h.queueKey()));
            return h;
        });
        return created;
    }

    /** Tells listeners (the handoff e-mail) who serves the queue the handoff now waits in; same transaction. */
    private void announce(Handoff h) {
        List<Long> inboxMembers = inboxes.memberIds(h.inboxId());
        List<Long> queue = h.teamId() == null ? inboxMembers
                : teams.memberIds(h.teamId()).stream().filter(inboxMembers::contains).toList();
        events.publishEvent(new HandoffRequested(h.accountId(), h.conversationId(), h.id(), h.inboxId(), h.teamId(),
                h.reason(), h.summary(), h.requestedBy(), queue));
    }

    /** The visitor does not want to wait for a person: outcome declined. */
    public void cancelByVisitor(ContactInbox visitor, long conversationId) {
        Conversation c = conversationQueries.visitorConversation(visitor, conversationId);
        transactions.run(() -> {
            Handoff open = repository.openHandoffs(c.id()).stream().filter(h -> h.kind() == Handoff.Kind.HANDOFF).findFirst()
                    .orElseThrow(() -> BatonException.conflict("no_handoff", "This conversation is not waiting for a person"));
            Handoff h = repository.lockHandoff(open.id()).orElseThrow();
            if (!h.open()) {
                throw BatonException.conflict("no_handoff", "This conversation is not waiting for a person");
            }
            outcomes.endDeclined(h);
            conversations.note(c.accountId(), c.id(), "visitor_declined");
            RoutingTransactions.afterCommit(() -> router.schedule(h.queueKey()));
        });
    }

    /** The visitor's place in the queue and an estimate of the wait, or empty when not waiting. */
    public Optional<Map<String, Object>> queuePosition(long accountId, long conversationId) {
        return repository.openHandoffs(conversationId).stream().filter(h -> h.kind() == Handoff.Kind.HANDOFF).findFirst()
                .map(h -> {
                    List<Handoff> queue = repository.queue(h.queueKey(), null, 10_000);
                    int position = 1;
                    for (Handoff other : queue) {
                        if (other.id() == h.id()) {
                            break;
                        }
                        position++;
                    }
                    return positionView(h, position, repository.averageWaitSeconds(h.queueKey(), 20));
                });
    }

    /** The estimate is the queue's recent average wait times the place in the queue (none without history). */
    static Map<String, Object> positionView(Handoff h, int position, Optional<Double> average) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("conversation_id", h.conversationId());
        view.put("position", position);
        view.put("estimated_wait_seconds", average.map(a -> Math.round(a * position)).orElse(null));
        return view;
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
            meters.counter("baton.routing.offers", "event", "accepted").increment();
            meters.timer("baton.routing.time_to_accept").record(java.time.Duration.between(h.requestedAt(), now));
            outcomes.withdrawPending(h, offer.id(), "accepted_by_another_agent");
            String name = agents.find(accountId, actor.id()).map(Agent::availableName).orElse(actor.name());
            switch (h.kind()) {
                case HANDOFF -> conversations.assignTo(accountId, h.conversationId(), actor.id(), "offer_accepted", name);
                case TRANSFER -> {
                    String by = h.requestedBy() == null ? "" : agents.find(accountId, h.requestedBy()).map(Agent::availableName).orElse("");
                    conversations.assignTo(accountId, h.conversationId(), actor.id(), "transferred_to_agent", name, by);
                }
                case CONFERENCE -> conversations.addParticipant(accountId, h.conversationId(), actor.id(), name);
            }
            repository.setIdleSince(accountId, actor.id(), now);
            outcomes.endHandled(h, actor.id());
            RoutingTransactions.afterCommit(() -> router.schedule(h.queueKey()));
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
            meters.counter("baton.routing.offers", "event", "declined").increment();
            afterPass(h, offer, "declined");
        });
    }

    /** After a decline or a missed offer: the handoff waits for the next agent; a transfer or invitation ends. */
    void afterPass(Handoff h, Offer offer, String how) {
        boolean othersPending = repository.offersOf(h.id()).stream()
                .anyMatch(o -> o.id() != offer.id() && Offer.PENDING.equals(o.status()));
        if (h.kind() == Handoff.Kind.HANDOFF) {
            if (!othersPending) {
                repository.updateHandoff(h.id(), Handoff.WAITING, null, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null, null, null);
            }
            RoutingTransactions.afterCommit(() -> router.schedule(h.queueKey()));
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
    public Conversation assign(long accountId, CurrentUser actor, long conversationId, Long assigneeId, boolean overrideCapacity) {
        Membership member = accounts.requireMember(accountId, actor);
        if (overrideCapacity && !member.role().seesAllInboxes()) {
            throw BatonException.forbidden("Only administrators and supervisors may assign beyond capacity");
        }
        Conversation visible = conversationQueries.get(accountId, actor, conversationId);
        if (assigneeId == null) {
            return transactions.run(() -> conversations.assign(accountId, actor, conversationId, null));
        }
        Agent assignee = agents.find(accountId, assigneeId).orElseThrow(() ->
                BatonException.invalid("assignee_id", "unknown", "assignee_id names no agent of this account"));
        repository.ensureStatus(accountId, assigneeId, clock.instant());
        return transactions.run(() -> {
            List<Handoff> open = repository.openHandoffs(visible.id()).stream()
                    .filter(h -> h.kind() == Handoff.Kind.HANDOFF).toList();
            List<Handoff> locked = open.stream().map(h -> repository.lockHandoff(h.id()).orElseThrow()).toList();
            repository.lockStatus(accountId, assigneeId);
            if (!overrideCapacity && !java.util.Objects.equals(visible.assigneeId(), assigneeId)) {
                int load = router.load(accountId, java.util.Set.of(assigneeId)).getOrDefault(assigneeId, 0);
                if (load >= assignee.capacity()) {
                    throw BatonException.conflict("agent_at_capacity", assignee.availableName() + " already has "
                            + load + " of " + assignee.capacity() + " conversations");
                }
            }
            Conversation assigned = conversations.assign(accountId, actor, conversationId, assigneeId);
            for (Handoff h : locked) {
                if (h.open()) {
                    outcomes.withdrawPending(h, null, "assigned");
                    outcomes.endHandled(h, assigneeId);
                    RoutingTransactions.afterCommit(() -> router.schedule(h.queueKey()));
                }
            }
            repository.setIdleSince(accountId, assigneeId, clock.instant());
            return assigned;
        });
    }

    // ---- transfer and conference

    /** To an agent: an offer; the conversation stays with its agent until the target accepts. To a team: the queue. */
    public Handoff transfer(long accountId, CurrentUser actor, long conversationId, Long agentId, Long teamId, String note) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        Membership member = accounts.requireMember(accountId, actor);
        if (c.owner() != Owner.AGENT || c.status() != Status.OPEN) {
            throw BatonException.conflict("not_with_an_agent", "Only a conversation an agent has can be transferred");
        }
        if (!java.util.Objects.equals(c.assigneeId(), actor.id()) && !member.role().seesAllInboxes()) {
            throw BatonException.forbidden("Only the conversation's agent or a supervisor may transfer it");
        }
        if ((agentId == null) == (teamId == null)) {
            throw BatonException.invalid("agent_id", "required", "send either agent_id or team_id");
        }
        String by = agents.find(accountId, actor.id()).map(Agent::availableName).orElse(actor.name());
        String cleanNote = limit("note", note, 4000);
        if (teamId != null) {
            Team team = teams.get(accountId, actor, teamId);
            Handoff h = transactions.run(() -> {
                conversations.queue(accountId, c.id(), team.id(), "transferred_to_team", team.name(), by);
                if (cleanNote != null) {
                    conversations.privateNote(accountId, c.id(), actor.id(), cleanNote);
                }
                if (!repository.openHandoffs(c.id()).isEmpty()) {
                    throw BatonException.conflict("handoff_in_progress", "A transfer of this conversation is already under way");
                }
                Instant now = clock.instant();
                Handoff draft = new Handoff(0, accountId, c.id(), c.inboxId(), Handoff.Kind.HANDOFF, team.id(), null, actor.id(),
                        "transfer", cleanNote, pageUrl(c), Handoff.WAITING, null, now, now.plusSeconds(team.handoffTimeoutSeconds()),
                        null, null, null);
                Handoff created = repository.handoff(repository.insertHandoff(draft)).orElseThrow();
                announce(created);
                return created;
            });
            router.schedule(h.queueKey());
            return h;
        }
        if (agentId == actor.id() || java.util.Objects.equals(agentId, c.assigneeId())) {
            throw BatonException.invalid("agent_id", "same_agent", "transfer to someone else");
        }
        requireSeesInbox(c, agentId);
        return offerTo(c, actor, agentId, Handoff.Kind.TRANSFER, cleanNote);
    }

    /** Invites a second agent; once they accept, both see and write (seed 003's conference). */
    public Handoff invite(long accountId, CurrentUser actor, long conversationId, long agentId) {
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        Membership member = accounts.requireMember(accountId, actor);
        if (!java.util.Objects.equals(c.assigneeId(), actor.id()) && !member.role().seesAllInboxes()) {
            throw BatonException.forbidden("Only the conversation's agent or a supervisor may invite a colleague");
        }
        if (c.owner() != Owner.AGENT || c.status() != Status.OPEN) {
            throw BatonException.conflict("not_with_an_agent", "Accept the conversation before inviting a colleague");
        }
        if (agentId == actor.id() || java.util.Objects.equals(agentId, c.assigneeId())
                || conversationQueries.participants(c.id()).contains(agentId)) {
            throw BatonException.invalid("agent_id", "already_in", "that agent is already in the conversation");
        }
        return offerTo(c, actor, agentId, Handoff.Kind.CONFERENCE, null);
    }

    public void leave(long accountId, CurrentUser actor, long conversationId, long agentId) {
        Membership member = accounts.requireMember(accountId, actor);
        Conversation c = conversationQueries.get(accountId, actor, conversationId);
        if (agentId != actor.id() && !java.util.Objects.equals(c.assigneeId(), actor.id()) && !member.role().seesAllInboxes()) {
            throw BatonException.forbidden("Only the participant, the conversation's agent or a supervisor may end the conference");
        }
        String name = agents.find(accountId, agentId).map(Agent::availableName).orElse("");
        transactions.run(() -> conversations.removeParticipant(accountId, c.id(), agentId, name));
        router.schedule("inbox:" + c.inboxId());
        teamsOf(accountId, agentId).forEach(router::schedule);
    }

    private Handoff offerTo(Conversation c, CurrentUser actor, long agentId, Handoff.Kind kind, String note) {
        Agent target = agents.find(c.accountId(), agentId).orElseThrow(() ->
                BatonException.invalid("agent_id", "unknown", "agent_id names no agent of this account"));
        if (!target.licensed()) {
            throw BatonException.invalid("agent_id", "not_licensed", target.availableName() + " has no licence");
        }
        int timeout = Optional.ofNullable(c.teamId()).flatMap(teams::byId).map(Team::offerTimeoutSeconds).orElse(20);
        repository.ensureStatus(c.accountId(), agentId, clock.instant());
        return transactions.run(() -> {
            if (repository.openHandoffs(c.id()).stream().anyMatch(h -> h.kind() == kind)) {
                throw BatonException.conflict("handoff_in_progress", "An invitation or transfer is already waiting for an answer");
            }
            RoutingRepository.StatusRow status = repository.lockStatus(c.accountId(), agentId).orElseThrow();
            if (status.status() != AgentStatus.AVAILABLE) {
                throw new BatonException(HttpStatus.CONFLICT, "agent_not_available", target.availableName() + " is not available");
            }
            int load = router.load(c.accountId(), java.util.Set.of(agentId)).getOrDefault(agentId, 0);
            if (load >= target.capacity()) {
                throw BatonException.conflict("agent_at_capacity", target.availableName() + " has no free capacity");
            }
            Instant now = clock.instant();
            Handoff draft = new Handoff(0, c.accountId(), c.id(), c.inboxId(), kind, c.teamId(), agentId, actor.id(),
                    kind == Handoff.Kind.TRANSFER ? "transfer" : "conference", note, pageUrl(c), Handoff.OFFERING, null, now,
                    now.plusSeconds(timeout), now, null, null);
            Handoff h = repository.handoff(repository.insertHandoff(draft)).orElseThrow();
            Offer offer = repository.offer(repository.insertOffer(h, agentId, now, now.plusSeconds(timeout))).orElseThrow();
            events.publishEvent(new RoutingNotice(c.accountId(), List.of(agentId), "offer.created", offerViews.view(offer, h)));
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
            throw BatonException.conflict("offer_not_yours", "This offer was made to another agent");
        }
        return offer;
    }

    private void requirePending(Offer offer) {
        switch (offer.status()) {
            case Offer.PENDING -> {
                if (!offer.expiresAt().isAfter(clock.instant())) {
                    throw BatonException.conflict("offer_expired", "The offer has expired");
                }
            }
            case Offer.EXPIRED -> throw BatonException.conflict("offer_expired", "The offer has expired");
            case Offer.WITHDRAWN -> throw BatonException.conflict("offer_withdrawn", "The offer was withdrawn");
            default -> throw BatonException.conflict("offer_answered", "The offer was already " + offer.status());
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

    private static String pageUrl(Conversation c) {
        Object page = c.additionalAttributes().getOrDefault("referer", c.customAttributes().get("page_url"));
        return page == null ? null : limit("page_url", page.toString(), 2000);
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
