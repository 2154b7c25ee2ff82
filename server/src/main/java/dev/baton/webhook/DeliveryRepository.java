package dev.baton.webhook;

import static dev.baton.shared.SqlTimes.instant;
import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class DeliveryRepository {

    private static final String COLUMNS = """
            id, message_id, account_id, webhook_id, event, event_key, payload, status, attempts, next_attempt_at,
            give_up_at, claim, last_attempt_at, response_status, last_error, duration_ms, delivered_at, created_at""";

    private final JdbcClient jdbc;

    DeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a delivery; false when this endpoint already has one for {@code eventKey} (a reaction that ran twice). */
    boolean insert(String messageId, long accountId, long endpointId, String event, String eventKey, String payload,
                   Instant now, Instant giveUpAt) {
        return jdbc.sql("""
                INSERT INTO webhook_delivery (message_id, account_id, webhook_id, event, event_key, payload, status, attempts,
                                              next_attempt_at, give_up_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(messageId, accountId, endpointId, event, eventKey, payload, utc(now), utc(giveUpAt), utc(now))
                .update() == 1;
    }

    /**
     * Takes due deliveries for this node: SKIP LOCKED so that nodes share them, and a lease (next_attempt_at
     * moved to {@code leaseUntil}) with a claim token, so that a node that dies mid-call leaves the delivery to
     * another once the lease runs out, and a late answer from a superseded claim is not recorded.
     */
    List<Delivery> claimDue(Instant now, int limit, String claim, Instant leaseUntil) {
        List<Delivery> due = jdbc.sql("SELECT " + COLUMNS + """
                 FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(utc(now), limit).query(DeliveryRepository::delivery).list();
        if (!due.isEmpty()) {
            jdbc.sql("UPDATE webhook_delivery SET claim = :claim, next_attempt_at = :lease WHERE id IN (:ids)")
                    .param("claim", claim).param("lease", utc(leaseUntil)).param("ids", due.stream().map(Delivery::id).toList())
                    .update();
        }
        return due;
    }

    /** Records a 2xx; false when the claim was superseded (the lease ran out and another node took it). */
    boolean delivered(long id, String claim, Instant at, int responseStatus, int durationMillis) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, claim = NULL, last_attempt_at = ?,
                       delivered_at = ?, response_status = ?, last_error = NULL, duration_ms = ?
                WHERE id = ? AND claim = ?""")
                .params(utc(at), utc(at), responseStatus, durationMillis, id, claim).update() == 1;
    }

    /** Records a failed attempt: pending again at {@code next}, or failed (given up) when {@code next} is null. */
    boolean attemptFailed(long id, String claim, Instant at, Integer responseStatus, String error, int durationMillis,
                          Instant next) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, claim = NULL, last_attempt_at = ?,
                       response_status = ?, last_error = ?, duration_ms = ?, next_attempt_at = ?
                WHERE id = ? AND claim = ?""")
                .params(next == null ? Delivery.FAILED : Delivery.PENDING, utc(at), responseStatus, clip(error),
                        durationMillis, utc(next == null ? at : next), id, claim)
                .update() == 1;
    }

    /** The endpoint was disabled: what still waits for it will not be sent (an admin may re-send it later). */
    int cancelPending(long endpointId, String reason) {
        return jdbc.sql("""
                UPDATE webhook_delivery SET status = 'cancelled', claim = NULL, last_error = ?
                WHERE webhook_id = ? AND status = 'pending'""")
                .params(clip(reason), endpointId).update();
    }

    Optional<Delivery> find(long endpointId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = ? AND id = ?")
                .params(endpointId, id).query(DeliveryRepository::delivery).optional();
    }

    Optional<Delivery> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = ? FOR UPDATE").param(id)
                .query(DeliveryRepository::delivery).optional();
    }

    /** Sends it again as soon as a worker is free, with a fresh retry window; attempts go on counting. */
    void redeliver(long id, Instant now, Instant giveUpAt) {
        jdbc.sql("""
                UPDATE webhook_delivery SET status = 'pending', claim = NULL, next_attempt_at = ?, give_up_at = ?
                WHERE id = ?""")
                .params(utc(now), utc(giveUpAt), id).update();
    }

    /** Newest first, {@code limit} before the id {@code before} (keyset), optionally of one status. */
    List<Delivery> page(long endpointId, Long before, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_delivery WHERE webhook_id = :endpoint");
        if (before != null) {
            sql.append(" AND id < :before");
        }
        if (status != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        var spec = jdbc.sql(sql.toString()).param("endpoint", endpointId).param("limit", limit);
        if (before != null) {
            spec = spec.param("before", before);
        }
        if (status != null) {
            spec = spec.param("status", status);
        }
        return spec.query(DeliveryRepository::delivery).list();
    }

    /** Forgets finished deliveries older than {@code cutoff}, a batch at a time. */
    int deleteFinishedBefore(Instant cutoff, int limit) {
        return jdbc.sql("""
                DELETE FROM webhook_delivery WHERE id IN (
                    SELECT id FROM webhook_delivery WHERE created_at < ? AND status <> 'pending' ORDER BY created_at LIMIT ?)""")
                .params(utc(cutoff), limit).update();
    }

    private static String clip(String error) {
        if (error == null) {
            return null;
        }
        return error.length() > 2000 ? error.substring(0, 2000) : error;
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        int status = rs.getInt("response_status");
        Integer responseStatus = rs.wasNull() ? null : status;
        int duration = rs.getInt("duration_ms");
        Integer durationMillis = rs.wasNull() ? null : duration;
        return new Delivery(rs.getLong("id"), rs.getString("message_id"), rs.getLong("account_id"), rs.getLong("webhook_id"),
                rs.getString("event"), rs.getString("event_key"), rs.getString("payload"), rs.getString("status"),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"), instant(rs, "give_up_at"), rs.getString("claim"),
                instant(rs, "last_attempt_at"), responseStatus, rs.getString("last_error"), durationMillis,
                instant(rs, "delivered_at"), instant(rs, "created_at"));
    }

    /** Deliveries due and not made yet. */
    long due(java.time.Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= ?")
                .param(now.atOffset(java.time.ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Since when the oldest of them has been due (null when none is). */
    java.time.Instant oldestDue(java.time.Instant now) {
        return jdbc.sql("SELECT MIN(next_attempt_at) FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= ?")
                .param(now.atOffset(java.time.ZoneOffset.UTC)).query(java.time.OffsetDateTime.class).optional()
                .map(java.time.OffsetDateTime::toInstant).orElse(null);
    }
}
