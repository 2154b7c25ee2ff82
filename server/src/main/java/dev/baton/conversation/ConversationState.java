package dev.baton.conversation;

import java.time.Instant;
import java.util.Set;

/**
 * What the state machine decides on, read under the conversation's row lock: status and owner, the agent
 * who has it, its team, whether a handoff is open (the conversation waits in a queue and routing is offering
 * it), the conference participants, and whether its inbox has a bot to go back to.
 */
public record ConversationState(Status status, Owner owner, Long assigneeId, Long teamId, boolean handoffOpen,
                                Set<Long> participants, boolean botAvailable, Instant snoozedUntil) {

    public ConversationState {
        participants = Set.copyOf(participants);
    }

    static ConversationState of(Conversation c, java.util.Collection<Long> participants, boolean botAvailable) {
        return new ConversationState(c.status(), c.owner(), c.assigneeId(), c.teamId(), c.handoffOpen(), Set.copyOf(participants),
                botAvailable, c.snoozedUntil());
    }

    boolean open() {
        return status != Status.RESOLVED;
    }

    ConversationState with(Status newStatus, Owner newOwner, Long newAssignee, Long newTeam, boolean newHandoffOpen,
                           Set<Long> newParticipants, Instant newSnoozedUntil) {
        return new ConversationState(newStatus, newOwner, newAssignee, newTeam, newHandoffOpen, newParticipants,
                botAvailable, newSnoozedUntil);
    }
}
