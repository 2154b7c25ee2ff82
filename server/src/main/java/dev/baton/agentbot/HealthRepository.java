package dev.baton.agentbot;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A bot's consecutive failed deliveries and its circuit breaker; the replies bots owe in conversations. */
@Repository
class HealthRepository {

    record Due(long conversationId, long accountId, long agentBotId, Instant dueAt) {
    }

    private final JdbcClient jdbc;

    HealthRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Counts one more failure in a row (under the row's lock) and answers the count. The bot's first failure inserts
     * the row; when another transaction inserted it first, the insert does nothing and the count is added to theirs.
     * Not a caught duplicate key: on PostgreSQL that aborts the transaction, and the listener's reaction with it.
     */
    int recordFailure(long botId, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        if (addFailure(botId, at) == 0 && jdbc.sql("""
                INSERT INTO agent_bot_health (agent_bot_id, consecutive_failures, updated_at) VALUES (?, 1, ?)
                ON CONFLICT DO NOTHING""").params(botId, at).update() == 0) {
            addFailure(botId, at);
        }
        return jdbc.sql("SELECT consecutive_failures FROM agent_bot_health WHERE agent_bot_id = ?").params(botId)
                .query(Integer.class).single();
    }

    private int addFailure(long botId, OffsetDateTime at) {
        return jdbc.sql("UPDATE agent_bot_health SET consecutive_failures = consecutive_failures + 1, updated_at = ? WHERE agent_bot_id = ?")
                .params(at, botId).update();
    }

    void open(long botId, Instant until) {
        jdbc.sql("UPDATE agent_bot_health SET open_until = ? WHERE agent_bot_id = ?").params(until.atOffset(ZoneOffset.UTC), botId)
                .update();
    }

    void reset(long botId, Instant now) {
        jdbc.sql("UPDATE agent_bot_health SET consecutive_failures = 0, open_until = NULL, updated_at = ? WHERE agent_bot_id = ?")
                .params(now.atOffset(ZoneOffset.UTC), botId).update();
    }

    Optional<Instant> openUntil(long botId) {
        return jdbc.sql("SELECT open_until FROM agent_bot_health WHERE agent_bot_id = ?").params(botId)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant))
                .optional().flatMap(o -> o);
    }

    /** The bot owes a reply by then; when another reaction set a deadline first, that one stands. */
    void expectReply(long conversationId, long accountId, long botId, Instant dueAt) {
        jdbc.sql("""
                INSERT INTO agent_bot_reply_due (conversation_id, account_id, agent_bot_id, due_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""").params(conversationId, accountId, botId, dueAt.atOffset(ZoneOffset.UTC)).update();
    }

    void replied(long conversationId) {
        jdbc.sql("DELETE FROM agent_bot_reply_due WHERE conversation_id = ?").params(conversationId).update();
    }

    Optional<Due> due(long conversationId) {
        return jdbc.sql("SELECT conversation_id, account_id, agent_bot_id, due_at FROM agent_bot_reply_due WHERE conversation_id = ?")
                .params(conversationId).query(HealthRepository::due).optional();
    }

    List<Due> overdue(Instant now, int limit) {
        return jdbc.sql("""
                SELECT conversation_id, account_id, agent_bot_id, due_at FROM agent_bot_reply_due
                WHERE due_at <= ? ORDER BY due_at LIMIT ?""").params(now.atOffset(ZoneOffset.UTC), limit)
                .query(HealthRepository::due).list();
    }

    private static Due due(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Due(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getObject(4, OffsetDateTime.class).toInstant());
    }
}
