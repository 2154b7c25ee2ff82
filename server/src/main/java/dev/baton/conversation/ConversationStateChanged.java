package dev.baton.conversation;

import java.util.Objects;

/**
 * A transition changed a conversation (published in its transaction by {@link ConversationService#apply};
 * durable reactions run after commit). {@code transition} is the transition's wire name, {@code actor}
 * who asked ({@link Actor#wire()}, with {@code actorId}), and {@code seq} the conversation.updated entry
 * of the event log it wrote, which also makes the event unique.
 */
public record ConversationStateChanged(long accountId, long conversationId, long inboxId, long contactInboxId, long seq,
                                       String transition, String actor, Long actorId,
                                       Status previousStatus, Owner previousOwner, Long previousAssignee,
                                       Long previousTeam, boolean previousHandoffOpen,
                                       Status status, Owner owner, Long assignee, Long team, boolean handoffOpen) {

    public boolean assigneeChanged() {
        return !Objects.equals(previousAssignee, assignee);
    }

    /** A handoff that was open is not any more (it was answered, abandoned or the conversation moved on). */
    public boolean leftQueue() {
        return previousHandoffOpen && !handoffOpen;
    }

    public boolean resolved() {
        return status == Status.RESOLVED && previousStatus != Status.RESOLVED;
    }

    public boolean reopened() {
        return status == Status.OPEN && previousStatus == Status.RESOLVED;
    }

    public boolean backToBot() {
        return owner == Owner.BOT && previousOwner != Owner.BOT;
    }
}
