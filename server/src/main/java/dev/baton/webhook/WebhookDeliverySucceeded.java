package dev.baton.webhook;

/**
 * A delivery was answered with a 2xx. Published in the transaction that records it, so an owner that counts
 * outcomes (an agent bot's circuit breaker) reacts durably; {@code attempts} counts this one.
 */
public record WebhookDeliverySucceeded(long accountId, long deliveryId, long endpointId, String owner, long ownerId,
                                       String event, String eventKey, int attempts, int responseStatus, long durationMillis) {
}
