package dev.baton.conversation;

/**
 * Someone started or stopped typing. Soft state: not logged, not replayed. {@code forVisitor} is false
 * for an agent typing a private note.
 */
public record TypingChanged(long accountId, long conversationId, long inboxId, long contactInboxId, boolean on,
                            String senderType, long senderId, String senderName, boolean forVisitor) {
}
