package dev.baton.conversation;

/** A visitor opened a conversation; {@code owner} is bot when the inbox runs a story. */
public record ConversationOpened(long accountId, long conversationId, long inboxId, Owner owner) {
}
