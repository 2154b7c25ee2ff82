package dev.baton.conversation;

/**
 * A message was written to a conversation (any sender, notes and activity lines included; published in the
 * writing transaction). {@code seq} is the message's place in the conversation's event log, which also
 * makes each event unique for the durable reactions' registry. Carries ids only: a reaction reads what it
 * needs through {@link ConversationQueries}.
 */
public record MessageCreated(long accountId, long conversationId, long inboxId, long messageId, long seq,
                             MessageType messageType, SenderType senderType, Long senderId, boolean isPrivate) {
}
