package dev.baton.conversation;

/** New entries up to {@code seq} were committed to a conversation's event log. */
public record ConversationEventsAppended(long accountId, long conversationId, long seq) {
}
