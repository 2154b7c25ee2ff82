package dev.baton.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AuditRepository {

    private static final String COLUMNS = """
            id, account_id, auditable_type, auditable_id, auditable_name, action, user_id, username, actor_name,
            audited_changes, created_at""";

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long accountId, String type, long id, String name, String action, Long userId, String username,
                String actorName, String changes, Instant at) {
        jdbc.sql("""
                INSERT INTO audit_log (account_id, auditable_type, auditable_id, auditable_name, action, user_id, username,
                                       actor_name, audited_changes, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, type, id, name, action, userId, username, actorName, changes, at.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * Newest first: by the index (account_id[, auditable_type | user_id], id), whatever the log's length; with both
     * filters the type's index is read and the user's rows kept.
     */
    List<AuditEntry> page(long accountId, String type, Long userId, Long before, int size) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_log WHERE account_id = :account" + filters(type, userId)
                        + (before == null ? "" : " AND id < :before")
                        + " ORDER BY id DESC LIMIT :size")
                .param("account", accountId).param("type", type).param("user", userId).param("before", before)
                .param("size", size)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getLong("account_id"),
                        rs.getString("auditable_type"), rs.getLong("auditable_id"), rs.getString("auditable_name"),
                        rs.getString("action"), rs.getObject("user_id", Long.class), rs.getString("username"),
                        rs.getString("actor_name"), rs.getString("audited_changes"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    long count(long accountId, String type, Long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE account_id = :account" + filters(type, userId))
                .param("account", accountId).param("type", type).param("user", userId).query(Long.class).single();
    }

    private static String filters(String type, Long userId) {
        return (type == null ? "" : " AND auditable_type = :type") + (userId == null ? "" : " AND user_id = :user");
    }
}
