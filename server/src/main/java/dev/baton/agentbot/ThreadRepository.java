package dev.baton.agentbot;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which bot has a bot-owned conversation's thread when it is not the inbox's primary; an inbox's secondary bots. */
@Repository
class ThreadRepository {

    record Thread(long conversationId, long accountId, long agentBotId, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    ThreadRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Thread> find(long conversationId) {
        return jdbc.sql("SELECT conversation_id, account_id, agent_bot_id, expires_at FROM agent_bot_thread WHERE conversation_id = ?")
                .params(conversationId).query((rs, n) -> new Thread(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        Optional.ofNullable(rs.getObject(4, OffsetDateTime.class)).map(OffsetDateTime::toInstant).orElse(null)))
                .optional();
    }

    void put(long conversationId, long accountId, long agentBotId, Instant expiresAt, Instant now) {
        int updated = jdbc.sql("UPDATE agent_bot_thread SET agent_bot_id = ?, expires_at = ?, updated_at = ? WHERE conversation_id = ?")
                .params(agentBotId, expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC),
                        conversationId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO agent_bot_thread (conversation_id, account_id, agent_bot_id, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(conversationId, accountId, agentBotId, expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC),
                            now.atOffset(ZoneOffset.UTC)).update();
        }
    }

    void clear(long conversationId) {
        jdbc.sql("DELETE FROM agent_bot_thread WHERE conversation_id = ?").params(conversationId).update();
    }

    /** Threads whose time ran out, oldest first; the caller locks each conversation before acting. */
    List<Thread> expired(Instant now, int limit) {
        return jdbc.sql("""
                SELECT conversation_id, account_id, agent_bot_id, expires_at FROM agent_bot_thread
                WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?""")
                .params(now.atOffset(ZoneOffset.UTC), limit)
                .query((rs, n) -> new Thread(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant())).list();
    }

    List<Long> secondaries(long inboxId) {
        return jdbc.sql("SELECT agent_bot_id FROM agent_bot_secondary WHERE inbox_id = ? ORDER BY agent_bot_id").params(inboxId)
                .query(Long.class).list();
    }

    void replaceSecondaries(long inboxId, List<Long> botIds) {
        jdbc.sql("DELETE FROM agent_bot_secondary WHERE inbox_id = ?").params(inboxId).update();
        for (Long id : botIds) {
            jdbc.sql("INSERT INTO agent_bot_secondary (inbox_id, agent_bot_id) VALUES (?, ?)").params(inboxId, id).update();
        }
    }
}
