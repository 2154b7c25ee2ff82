package dev.baton.conversation;

/**
 * A transition put the conversation in a queue for a person: a handoff opened (published in its
 * transaction, so that routing records the handoff in the same one). {@code requestedBy} is the agent who
 * asked, if an agent did.
 */
public record ConversationQueued(long accountId, long conversationId, long inboxId, Long teamId, Long targetAgentId,
                                 String reason, String summary, Long requestedBy, String pageUrl) {
}
