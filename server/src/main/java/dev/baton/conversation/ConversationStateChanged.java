package dev.baton.conversation;

/**
 * The status, owner or assignee of a conversation changed (published inside the transaction; listeners
 * that act after commit use {@code @TransactionalEventListener}). Routing uses it to free capacity.
 */
public record ConversationStateChanged(long accountId, long conversationId, long inboxId, long contactInboxId,
                                       Status previousStatus, Owner previousOwner, Long previousAssignee,
                                       Status status, Owner owner, Long assignee) {

    public boolean assigneeChanged() {
        return !java.util.Objects.equals(previousAssignee, assignee);
    }
}
