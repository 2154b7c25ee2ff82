package dev.baton.conversation;

/**
 * One entry of a conversation's event log, as the sockets deliver it. {@code visitorPayload} is null
 * for what the visitor must never see (private notes, agent-only changes).
 */
public record LoggedEvent(long conversationId, long seq, long accountId, long inboxId, long contactInboxId,
                          String type, String agentPayload, String visitorPayload) {
}
