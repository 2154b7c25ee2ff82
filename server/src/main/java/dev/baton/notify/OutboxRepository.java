package dev.baton.notify;

import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OutboxRepository {

    record Entry(long id, Long accountId, String kind, String payload, int attempts) {
    }

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Long accountId, String kind, String payload, Instant now) {
        insert(accountId, kind, payload, now, now);
    }

    /** An entry that is not sent before {@code due}. */
    void insert(Long accountId, String kind, String payload, Instant now, Instant due) {
        jdbc.sql("""
                INSERT INTO outbox (account_id, kind, payload, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, 'pending', 0, ?, ?)""")
                .params(accountId, kind, payload, utc(due), utc(now)).update();
    }

    /** Not sent, and never will be: what it was for no longer holds when it fell due (the reason in last_error). */
    void skipped(long id, String reason) {
        jdbc.sql("UPDATE outbox SET status = 'skipped', last_error = ? WHERE id = ?").params(reason, id).update();
    }

    /** Due entries, taken with SKIP LOCKED so that several nodes share the work and none is sent twice. */
    List<Entry> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT id, account_id, kind, payload, attempts FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(utc(now), limit).query(OutboxRepository::entry).list();
    }

    void sent(long id, Instant now) {
        jdbc.sql("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")
                .params(utc(now), id).update();
    }

    void failed(long id, int attempts, Instant next, boolean giveUp, String error) {
        jdbc.sql("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")
                .params(giveUp ? "failed" : "pending", attempts, utc(next), error.length() > 2000 ? error.substring(0, 2000) : error, id)
                .update();
    }

    List<java.util.Map<String, Object>> recent(long accountId, int limit) {
        return jdbc.sql("""
                SELECT id, kind, status, attempts, last_error, created_at, sent_at FROM outbox WHERE account_id = ?
                ORDER BY id DESC LIMIT ?""")
                .params(accountId, limit)
                .query((rs, row) -> {
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("kind", rs.getString("kind"));
                    m.put("status", rs.getString("status"));
                    m.put("attempts", rs.getInt("attempts"));
                    m.put("last_error", rs.getString("last_error"));
                    m.put("created_at", rs.getObject("created_at", OffsetDateTime.class).toEpochSecond());
                    OffsetDateTime sent = rs.getObject("sent_at", OffsetDateTime.class);
                    m.put("sent_at", sent == null ? null : sent.toEpochSecond());
                    return m;
                }).list();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        long account = rs.getLong("account_id");
        return new Entry(rs.getLong("id"), rs.wasNull() ? null : account, rs.getString("kind"), rs.getString("payload"),
                rs.getInt("attempts"));
    }

    /** Mails due and not sent yet. */
    long due(java.time.Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?")
                .param(now.atOffset(java.time.ZoneOffset.UTC)).query(Long.class).single();
    }

    /** Since when the oldest of them has been due (null when none is). */
    java.time.Instant oldestDue(java.time.Instant now) {
        return jdbc.sql("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?")
                .param(now.atOffset(java.time.ZoneOffset.UTC)).query(java.time.OffsetDateTime.class).optional()
                .map(java.time.OffsetDateTime::toInstant).orElse(null);
    }
}
