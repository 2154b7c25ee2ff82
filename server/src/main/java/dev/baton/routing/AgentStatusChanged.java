package dev.baton.routing;

import java.time.Instant;
import java.util.UUID;

/**
 * An agent's routing status changed in one account (they chose it, missed an offer, or their workspace went
 * away). Published in the transaction that wrote it; {@code id} makes each change unique for durable
 * reactions, which may run twice; {@code at} is when the status changed (reports add up status time).
 */
public record AgentStatusChanged(UUID id, long accountId, long userId, String status, Instant at) {
}
