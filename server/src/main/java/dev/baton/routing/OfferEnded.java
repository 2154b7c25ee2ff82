package dev.baton.routing;

/**
 * An offer stopped waiting: {@code status} accepted, declined, expired or withdrawn ({@code reason} says why
 * it was withdrawn: accepted_by_another_agent, agent_offline, no_agent, ...). Published in the routing
 * transaction that ended it; ids only, for durable reactions (webhooks).
 */
public record OfferEnded(long accountId, long offerId, long handoffId, long conversationId, long agentId, String kind,
                         String status, String reason) {
}
