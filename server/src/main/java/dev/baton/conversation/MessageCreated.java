package dev.baton.conversation;

import java.time.Instant;

/**
 * A message was written to a conversation (any sender, notes and activity lines included; published in the
 * writing transaction). {@code seq} is the message's place in the conversation's event log, which also
 * makes each event unique for the durable reactions' registry. Carries ids, and what the reports count a message
 * by ({@code teamId}, the conversation's team when it was written; {@code createdAt}) so that they count it in its
 * own transaction without a read (docs/adr/0059); a reaction reads anything else through {@link ConversationQueries}.
 */
public record MessageCreated(long accountId, long conversationId, long inboxId, long messageId, long seq,
                             MessageType messageType, SenderType senderType, Long senderId, boolean isPrivate,
                             Long teamId, Instant createdAt) {
}
