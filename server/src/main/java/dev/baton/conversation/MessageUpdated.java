package dev.baton.conversation;

/**
 * A message was changed or deleted (Chatwoot's {@code message_updated}), published in the writing transaction.
 * {@code seq} is the change's place in the conversation's event log, unique per change; {@code agentBotId} is the bot
 * that made the change (null when a person or the visitor did), so that a bot is never told of its own changes.
 */
public record MessageUpdated(long accountId, long conversationId, long inboxId, long messageId, long seq,
                             boolean deleted, boolean isPrivate, Long agentBotId) {
}
