package dev.baton.conversation;

/**
 * A visitor wrote while the bot had the conversation (published in the transaction; the bot reacts after
 * commit, durably). Ids only: the bot reads the text itself, and {@code seq} makes the event unique.
 */
public record VisitorMessageReceived(long accountId, long conversationId, long inboxId, long messageId, long seq) {
}
