package dev.baton.conversation;

/** A conversation was created (by a visitor, an agent or an API client); published in its transaction. */
public record ConversationCreated(long accountId, long conversationId, long inboxId, long contactId, Owner owner) {
}
