package dev.baton.bot;

import dev.baton.shared.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SessionRepository {

    /** Where a conversation is in its story. {@code waiting}: input, handoff, agent, done, or none while running. */
    record Session(long conversationId, long accountId, long storyId, int version, String stepId, String waiting, int retries,
                   Long askedMessageId, Map<String, Object> variables) {

        Session at(String step, String newWaiting, int newRetries) {
            return new Session(conversationId, accountId, storyId, version, step, newWaiting, newRetries, askedMessageId, variables);
        }

        /** Waiting for an answer to the question in message {@code questionId}: only later messages answer it. */
        Session asked(long questionId) {
            return new Session(conversationId, accountId, storyId, version, stepId, "input", retries, questionId, variables);
        }
    }

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Session s, Instant now) {
        jdbc.sql("""
                INSERT INTO bot_session (conversation_id, account_id, story_id, version, step_id, waiting, retries, variables, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.conversationId(), s.accountId(), s.storyId(), s.version(), s.stepId(), s.waiting(), s.retries(),
                        JsonText.write(s.variables()), now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The row lock that serialises a conversation's story runs across threads and nodes. */
    Optional<Session> lock(long conversationId) {
        return jdbc.sql("SELECT * FROM bot_session WHERE conversation_id = ? FOR UPDATE").param(conversationId)
                .query(SessionRepository::session).optional();
    }

    void save(Session s, Instant now) {
        jdbc.sql("""
                UPDATE bot_session SET step_id = ?, waiting = ?, retries = ?, asked_message_id = ?, variables = ?, updated_at = ?
                WHERE conversation_id = ?""")
                .params(s.stepId(), s.waiting(), s.retries(), s.askedMessageId(), JsonText.write(s.variables()),
                        now.atOffset(ZoneOffset.UTC), s.conversationId())
                .update();
    }

    boolean exists(long conversationId) {
        return jdbc.sql("SELECT COUNT(*) FROM bot_session WHERE conversation_id = ?").param(conversationId)
                .query(Long.class).single() > 0;
    }

    void delete(long conversationId) {
        jdbc.sql("DELETE FROM bot_session WHERE conversation_id = ?").param(conversationId).update();
    }

    private static Session session(ResultSet rs, int row) throws SQLException {
        long asked = rs.getLong("asked_message_id");
        boolean noQuestion = rs.wasNull();
        return new Session(rs.getLong("conversation_id"), rs.getLong("account_id"), rs.getLong("story_id"), rs.getInt("version"),
                rs.getString("step_id"), rs.getString("waiting"), rs.getInt("retries"), noQuestion ? null : asked,
                JsonText.readMap(rs.getString("variables")));
    }
}
