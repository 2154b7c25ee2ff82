package dev.baton.routing;

/** A handoff reached its one outcome: handled, declined or no_agent. Bots continue along that path. */
public record HandoffEnded(long accountId, long conversationId, long handoffId, String kind, String outcome, Long agentId) {
}
