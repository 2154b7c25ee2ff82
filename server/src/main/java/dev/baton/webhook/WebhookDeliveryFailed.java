package dev.baton.webhook;

import java.time.Instant;

/**
 * One attempt of a delivery failed: a non-2xx answer ({@code responseStatus}), a timeout, a refused or
 * unreachable address. {@code nextAttemptAt} is when it is tried again, or null when it was given up
 * (retries exhausted, or 410 Gone, which also disables the endpoint). Published in the transaction that
 * records the attempt.
 */
public record WebhookDeliveryFailed(long accountId, long deliveryId, long endpointId, String owner, long ownerId,
                                    String event, String eventKey, int attempts, Integer responseStatus, String error,
                                    Instant nextAttemptAt) {

    public boolean givenUp() {
        return nextAttemptAt == null;
    }
}
