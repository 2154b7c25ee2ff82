package dev.baton.routing;

import java.time.Instant;

/** A conversation offered to one agent until {@code expiresAt}: pending, accepted, declined, expired or withdrawn. */
public record Offer(long id, long accountId, long handoffId, long conversationId, long agentId, String status,
                    Instant createdAt, Instant expiresAt, Instant respondedAt) {

    public static final String PENDING = "pending";
    public static final String ACCEPTED = "accepted";
    public static final String DECLINED = "declined";
    public static final String EXPIRED = "expired";
    public static final String WITHDRAWN = "withdrawn";
}
