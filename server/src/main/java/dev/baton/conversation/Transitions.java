package dev.baton.conversation;

import dev.baton.conversation.Actor.Kind;
import dev.baton.conversation.Decision.Allowed;
import dev.baton.conversation.Decision.Refused;
import dev.baton.conversation.Decision.Unchanged;
import dev.baton.conversation.Transition.*;
import dev.baton.shared.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The conversation state machine: one pure function from (locked state, transition, actor) to a
 * {@link Decision}. It knows nothing of the database or of routing's offers; the table of what it
 * allows is {@code TransitionsTests}, and {@link #allowedActions} reads the same rules for the API's
 * {@code allowed_actions}. Who may see a conversation at all is checked before (a foreign id is a 404).
 */
public final class Transitions {

    private static final Decision UNCHANGED = new Unchanged();

    private Transitions() {
    }

    public static Decision decide(ConversationState s, Transition t, Actor a) {
        Refused forbidden = permission(s, t, a);
        if (forbidden != null) {
            return forbidden;
        }
        if (!s.open() && !(t instanceof Resolve) && !(t instanceof Reopen) && !(t instanceof ReopenToQueue)
                && !(t instanceof Open) && !(t instanceof SetTeam)) {
            return refuse(ErrorCode.CONVERSATION_RESOLVED);
        }
        return switch (t) {
            case HandOff h -> handOff(s, h.teamId(), h.queueName(), h.reason());
            case Open o -> {
                if (!s.open() || s.status() == Status.SNOOZED) {
                    yield reopen(s, a, null, false);
                }
                if (s.owner() != Owner.BOT) {
                    yield UNCHANGED;
                }
                Decision handedOff = handOff(s, null, o.queueName(), null);
                // An agent's "open" on a bot conversation names who handed it over.
                yield a.isAgent() && handedOff instanceof Allowed h ? allowed(h.next(), "handed_to_people", a.name()) : handedOff;
            }
            case LeaveQueue l -> {
                if (!s.handoffOpen()) {
                    yield refuse(ErrorCode.NO_HANDOFF);
                }
                yield allowed(s.with(Status.OPEN, s.botAvailable() ? Owner.BOT : Owner.QUEUE, null, s.teamId(), false,
                        s.participants(), null), "declined".equals(l.outcome()) ? "visitor_declined" : "no_agent");
            }
            case Overflow o -> {
                if (!s.handoffOpen()) {
                    yield refuse(ErrorCode.NO_HANDOFF);
                }
                yield allowed(s.with(s.status(), Owner.QUEUE, null, o.teamId(), true, s.participants(), s.snoozedUntil()),
                        "overflowed", o.fromTeam(), o.toTeam());
            }
            case Requeue r -> {
                if (s.owner() != Owner.AGENT) {
                    yield refuse(ErrorCode.NOT_WITH_AN_AGENT);
                }
                if (s.handoffOpen()) {
                    yield refuse(ErrorCode.HANDOFF_IN_PROGRESS);
                }
                yield allowed(s.with(Status.OPEN, Owner.QUEUE, null, r.teamId(), true, Set.of(), null), "requeued", r.agentName());
            }
            case Assign as -> assign(s, as, a);
            case Unassign u -> {
                if (s.assigneeId() == null) {
                    yield UNCHANGED;
                }
                yield allowed(s.with(s.status(), Owner.QUEUE, null, s.teamId(), false, Set.of(), s.snoozedUntil()),
                        "unassigned", a.name());
            }
            case SetTeam st -> {
                if (a.kind() == Kind.BOT && s.owner() != Owner.BOT) {
                    yield refuse(ErrorCode.NOT_OWNED_BY_BOT);
                }
                if (Objects.equals(st.teamId(), s.teamId())) {
                    yield UNCHANGED;
                }
                if (s.handoffOpen()) {
                    yield refuse(ErrorCode.HANDOFF_IN_PROGRESS);
                }
                ConversationState next = s.with(s.status(), s.owner(), s.assigneeId(), st.teamId(), false, s.participants(),
                        s.snoozedUntil());
                yield st.teamId() == null ? allowed(next, "team_removed", a.name())
                        : allowed(next, "team_assigned", a.name(), st.teamName());
            }
            case TransferToTeam tt -> {
                if (s.owner() != Owner.AGENT) {
                    yield refuse(ErrorCode.NOT_WITH_AN_AGENT);
                }
                yield allowed(s.with(Status.OPEN, Owner.QUEUE, null, tt.teamId(), true, Set.of(), null),
                        "transferred_to_team", tt.teamName(), a.name());
            }
            case TransferToAgent ta -> s.owner() != Owner.AGENT ? refuse(ErrorCode.NOT_WITH_AN_AGENT) : UNCHANGED;
            case Invite i -> s.owner() != Owner.AGENT ? refuse(ErrorCode.NOT_WITH_AN_AGENT) : UNCHANGED;
            case AddParticipant ap -> {
                if (s.owner() != Owner.AGENT) {
                    yield refuse(ErrorCode.NOT_WITH_AN_AGENT);
                }
                if (Objects.equals(s.assigneeId(), ap.agentId()) || s.participants().contains(ap.agentId())) {
                    yield UNCHANGED;
                }
                Set<Long> more = new HashSet<>(s.participants());
                more.add(ap.agentId());
                yield allowed(s.with(s.status(), s.owner(), s.assigneeId(), s.teamId(), s.handoffOpen(), more, s.snoozedUntil()),
                        "joined", ap.agentName());
            }
            case RemoveParticipant rp -> {
                if (!s.participants().contains(rp.agentId())) {
                    yield new Refused(ErrorCode.NOT_A_PARTICIPANT, List.of(rp.agentName() == null ? "That agent" : rp.agentName()));
                }
                Set<Long> fewer = new HashSet<>(s.participants());
                fewer.remove(rp.agentId());
                yield allowed(s.with(s.status(), s.owner(), s.assigneeId(), s.teamId(), s.handoffOpen(), fewer, s.snoozedUntil()),
                        "left", rp.agentName());
            }
            case ToBot tb -> toBot(s, a);
            case PassToBot pb -> s.owner() != Owner.BOT ? refuse(ErrorCode.NOT_OWNED_BY_BOT)
                    : allowed(s, "passed_to_bot", pb.botName());
            case TakeByBot tk -> {
                if (!s.botAvailable()) {
                    yield refuse(ErrorCode.NO_BOT);
                }
                yield allowed(s.with(Status.OPEN, Owner.BOT, null, s.teamId(), false, Set.of(), null), "taken_by_bot", tk.botName());
            }
            case Resolve r -> {
                if (s.status() == Status.RESOLVED) {
                    yield UNCHANGED;
                }
                ConversationState next = s.with(Status.RESOLVED, s.owner(), s.assigneeId(), s.teamId(), false, Set.of(), null);
                yield switch (a.kind()) {
                    case VISITOR -> allowed(next, "resolved_by_visitor");
                    case BOT -> allowed(next, "story_ended");
                    case SYSTEM -> allowed(next, "resolved", "Baton");
                    case AGENT -> r.wrapUp() == null ? allowed(next, "resolved", a.name())
                            : allowed(next, "ended_with_reason", a.name(), r.wrapUp());
                };
            }
            case Reopen r -> s.status() == Status.OPEN ? refuse(ErrorCode.CONVERSATION_OPEN) : reopen(s, a, r.assignTo(), r.toPeople());
            case ReopenToQueue rq -> s.status() == Status.OPEN ? refuse(ErrorCode.CONVERSATION_OPEN)
                    : allowed(s.with(Status.OPEN, Owner.QUEUE, null, rq.teamId() != null ? rq.teamId() : s.teamId(), true,
                            Set.of(), null), "reopened_to_queue", a.name(), rq.queueName() == null ? "" : rq.queueName());
            case Snooze z -> {
                if (s.handoffOpen()) {
                    yield refuse(ErrorCode.HANDOFF_IN_PROGRESS);
                }
                if (s.status() == Status.SNOOZED && Objects.equals(s.snoozedUntil(), z.until())) {
                    yield UNCHANGED;
                }
                yield allowed(s.with(Status.SNOOZED, s.owner(), s.assigneeId(), s.teamId(), false, s.participants(), z.until()),
                        "snoozed", a.name());
            }
        };
    }

    /** Who may ask for what at all (403), before the state is looked at. */
    private static Refused permission(ConversationState s, Transition t, Actor a) {
        boolean allowed = switch (a.kind()) {
            case SYSTEM -> true;
            case VISITOR -> t instanceof HandOff || t instanceof ToBot || t instanceof Resolve
                    || (t instanceof Reopen r && r.assignTo() == null);
            case BOT -> t instanceof HandOff || t instanceof Open || t instanceof Resolve || t instanceof SetTeam
                    || t instanceof PassToBot || t instanceof TakeByBot
                    || (t instanceof Assign as && as.via() == Via.ASSIGN)
                    || (t instanceof Reopen r && r.assignTo() == null);
            case AGENT -> switch (t) {
                case PassToBot pb -> false;
                case TakeByBot tk -> false;
                case LeaveQueue l -> false;
                case Overflow o -> false;
                case Requeue r -> false;
                case AddParticipant ap -> false;
                case Assign as -> as.via() == Via.TAKE ? a.is(as.agentId())
                        : as.via() == Via.ASSIGN && a.supervising();
                case Unassign u -> a.supervising() || a.is(s.assigneeId());
                case TransferToTeam tt -> a.supervising() || a.is(s.assigneeId());
                case TransferToAgent ta -> a.supervising() || a.is(s.assigneeId());
                case Invite i -> a.supervising() || a.is(s.assigneeId());
                case ToBot tb -> a.supervising() || a.is(s.assigneeId());
                case RemoveParticipant rp -> a.supervising() || a.is(s.assigneeId()) || a.is(rp.agentId());
                case Reopen r -> a.is(r.assignTo()) || (r.assignTo() != null && a.supervising());
                default -> true;
            };
        };
        return allowed ? null : new Refused(ErrorCode.FORBIDDEN, List.of(a.isAgent() ? "the conversation's agent or a supervisor" : "an agent", t.name().replace('_', ' ')));
    }

    private static Decision handOff(ConversationState s, Long teamId, String queueName, String reason) {
        if (s.owner() == Owner.AGENT) {
            return refuse(ErrorCode.CONVERSATION_HAS_AGENT);
        }
        if (s.handoffOpen()) {
            return refuse(ErrorCode.HANDOFF_IN_PROGRESS);
        }
        return allowed(s.with(Status.OPEN, Owner.QUEUE, null, teamId != null ? teamId : s.teamId(), true, Set.of(), null),
                "handoff_requested", queueName == null ? "" : queueName, reason == null ? "" : " (" + reason + ")");
    }

    private static Decision assign(ConversationState s, Assign as, Actor a) {
        if (a.kind() == Kind.BOT && s.owner() != Owner.BOT) {
            return refuse(ErrorCode.NOT_OWNED_BY_BOT); // an external bot assigns only what it has
        }
        switch (as.via()) {
            case OFFER -> {
                if (s.owner() == Owner.AGENT) {
                    return refuse(ErrorCode.CONVERSATION_HAS_AGENT);
                }
                if (!s.handoffOpen()) {
                    return refuse(ErrorCode.NO_HANDOFF);
                }
            }
            case TRANSFER -> {
                if (s.owner() != Owner.AGENT) {
                    return refuse(ErrorCode.NOT_WITH_AN_AGENT);
                }
            }
            case TAKE -> {
                if (s.owner() == Owner.AGENT && s.assigneeId() != null && !s.assigneeId().equals(as.agentId())
                        && !a.supervising()) {
                    return refuse(ErrorCode.CONVERSATION_HAS_AGENT);
                }
            }
            case ASSIGN -> { }
        }
        if (s.owner() == Owner.AGENT && Objects.equals(s.assigneeId(), as.agentId())) {
            return UNCHANGED;
        }
        Set<Long> participants = new HashSet<>(s.participants());
        participants.remove(as.agentId());
        ConversationState next = s.with(Status.OPEN, Owner.AGENT, as.agentId(), s.teamId(), false, participants, null);
        return switch (as.via()) {
            case TAKE -> allowed(next, "self_assigned", as.agentName());
            case ASSIGN -> allowed(next, "assigned", as.byName(), as.agentName());
            case OFFER -> allowed(next, "offer_accepted", as.agentName());
            case TRANSFER -> allowed(next, "transferred_to_agent", as.agentName(), as.byName() == null ? "" : as.byName());
        };
    }

    private static Decision toBot(ConversationState s, Actor a) {
        // Agents and API clients may declare a conversation pending even without a bot of Baton's (Chatwoot's
        // integrations answer as bots through the API); the visitor's "back to the bot" needs one.
        if (!s.botAvailable() && a.kind() == Kind.VISITOR) {
            return refuse(ErrorCode.NO_BOT);
        }
        if (s.owner() == Owner.BOT) {
            return UNCHANGED;
        }
        ConversationState next = s.with(Status.OPEN, Owner.BOT, null, s.teamId(), false, Set.of(), null);
        if (a.kind() == Kind.VISITOR) {
            // The visitor's "back to the bot": while waiting it means they do not want a person after all.
            return allowed(next, s.handoffOpen() ? "visitor_declined" : "back_to_bot");
        }
        return a.isAgent() ? allowed(next, "handed_to_bot", a.name()) : allowed(next, "back_to_bot");
    }

    private static Decision reopen(ConversationState s, Actor a, Long assignTo, boolean toPeople) {
        if (assignTo != null) {
            return allowed(s.with(Status.OPEN, Owner.AGENT, assignTo, s.teamId(), false, Set.of(), null),
                    "reopened", a.name());
        }
        if (s.status() == Status.SNOOZED) {
            return allowed(s.with(Status.OPEN, s.owner(), s.assigneeId(), s.teamId(), false, s.participants(), null),
                    "reopened", a.name() == null ? "" : a.name());
        }
        Owner owner = s.botAvailable() && !toPeople ? Owner.BOT : Owner.QUEUE;
        ConversationState next = s.with(Status.OPEN, owner, null, s.teamId(), false, Set.of(), null);
        return a.kind() == Kind.VISITOR ? allowed(next, "reopened_by_visitor")
                : a.isAgent() ? allowed(next, "reopened", a.name()) : allowed(next, "back_to_bot");
    }

    private static Decision allowed(ConversationState next, String key, Object... args) {
        return new Allowed(next, key, java.util.Arrays.stream(args).map(arg -> arg == null ? "" : arg).toList());
    }

    private static Refused refuse(ErrorCode code) {
        return new Refused(code, List.of());
    }

    // ---- allowed_actions

    /** The actions of the workspace, each allowed for this agent now exactly when the transition behind it is. */
    public static List<String> allowedActions(ConversationState s, Actor agent) {
        long self = agent.id();
        long someoneElse = -1;
        List<String> actions = new java.util.ArrayList<>();
        if (changes(s, new Assign(self, null, Via.TAKE, null), agent)) {
            actions.add("take");
        }
        if (decide(s, new Assign(someoneElse, null, Via.ASSIGN, null), agent).allowed() && s.open()) {
            actions.add("assign");
        }
        if (changes(s, new Unassign(), agent)) {
            actions.add("unassign");
        }
        if (decide(s, new TransferToAgent(someoneElse), agent).allowed()) {
            actions.add("transfer");
        }
        if (decide(s, new Invite(someoneElse), agent).allowed()) {
            actions.add("invite");
        }
        if (s.participants().contains(self)) {
            actions.add("leave");
        }
        if (s.participants().stream().anyMatch(p -> p != self
                && decide(s, new RemoveParticipant(p, null), agent).allowed())) {
            actions.add("remove_participants");
        }
        if (s.botAvailable() && changes(s, new ToBot(), agent)) {
            actions.add("hand_back");
        }
        if (changes(s, new HandOff(null, null, null), agent)) {
            actions.add("hand_off");
        }
        if (changes(s, new Resolve(null), agent)) {
            actions.add("resolve");
        }
        if (changes(s, new Reopen(self), agent)) {
            actions.add("reopen");
        }
        if (s.open() && decide(s, new Snooze(null), agent).allowed()) {
            actions.add("snooze");
        }
        return actions;
    }

    private static boolean changes(ConversationState s, Transition t, Actor a) {
        return decide(s, t, a) instanceof Allowed;
    }
}
