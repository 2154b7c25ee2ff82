package dev.baton.webhook;

import java.time.Instant;

/**
 * One event for one endpoint: the signed POST of {@code payload}, tried until it is answered with a 2xx or
 * given up. {@code messageId} is the {@code webhook-id}, the same on every attempt and re-send.
 * {@code status}: pending (waiting or being sent), delivered, failed (given up), cancelled (its endpoint
 * was disabled).
 */
public record Delivery(long id, String messageId, long accountId, long endpointId, String event, String eventKey,
                       String payload, String status, int attempts, Instant nextAttemptAt, Instant giveUpAt, String claim,
                       Instant lastAttemptAt, Integer responseStatus, String lastError, Integer durationMillis,
                       Instant deliveredAt, Instant createdAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** Taken by a node that is sending it now (its lease has not run out). */
    boolean inFlight(Instant now) {
        return PENDING.equals(status) && claim != null && nextAttemptAt.isAfter(now);
    }
}
