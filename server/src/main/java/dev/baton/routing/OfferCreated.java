package dev.baton.routing;

import java.time.Instant;

/**
 * A conversation was offered to an agent (a handoff, a transfer or a conference invitation: {@code kind}).
 * Published in the routing transaction that made the offer; ids only, for durable reactions (webhooks).
 */
public record OfferCreated(long accountId, long offerId, long handoffId, long conversationId, long agentId, String kind,
                           Instant expiresAt) {
}
