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

@Repository("storySessionRepository") // "sessionRepository" is Spring Session's
class SessionRepository {

    /** A session created but whose story has not run its first step yet. */
    static final String NEW = "new";

    /**
     * Where a conversation is in its story. {@code waiting}: new, input, handoff, agent, done, or none while
     * running. {@code handledMessageId}: the last visitor message the story read; {@code handoffId}: the
     * handoff whose outcome it waits for.
     */
    record Session(long conversationId, long accountId, long storyId, int version, String stepId, String waiting, int retries,
                   Long askedMessageId, Map<String, Object> variables, long handledMessageId, Long handoffId) {

        Session at(String step, String newWaiting, int newRetries) {
            return new Session(conversationId, accountId, storyId, version, step, newWaiting, newRetries, askedMessageId,
                    variables, handledMessageId, "handoff".equals(newWaiting) ? handoffId : null);
        }

        /** Waiting for an answer to the question in message {@code questionId}: only later messages answer it. */
        Session asked(long questionId) {
            return new Session(conversationId, accountId, storyId, version, stepId, "input", retries, questionId, variables,
                    handledMessageId, null);
        }

        /** Waiting for the outcome of this handoff. */
        Session following(long handoff) {
            return new Session(conversationId, accountId, storyId, version, stepId, "handoff", retries, askedMessageId,
                    variables, handledMessageId, handoff);
        }
    }

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the session unless another reaction did first (then the row lock orders them). */
    void insertIfAbsent(Session s, Instant now) {
        jdbc.sql("""
                INSERT INTO bot_session (conversation_id, account_id, story_id, version, step_id, waiting, retries, variables,
                    handled_message_id, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(s.conversationId(), s.accountId(), s.storyId(), s.version(), s.stepId(), s.waiting(), s.retries(),
                        JsonText.write(s.variables()), s.handledMessageId(), now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /** The row lock that serialises a conversation's story runs across threads and nodes. */
    Optional<Session> lock(long conversationId) {
        return jdbc.sql("SELECT * FROM bot_session WHERE conversation_id = ? FOR UPDATE").param(conversationId)
                .query(SessionRepository::session).optional();
    }

    void save(Session s, Instant now) {
        jdbc.sql("""
                UPDATE bot_session SET step_id = ?, waiting = ?, retries = ?, asked_message_id = ?, variables = ?,
                    handoff_id = ?, updated_at = ?
                WHERE conversation_id = ?""")
                .params(s.stepId(), s.waiting(), s.retries(), s.askedMessageId(), JsonText.write(s.variables()),
                        s.handoffId(), now.atOffset(ZoneOffset.UTC), s.conversationId())
                .update();
    }

    /** The story read the visitor's messages up to this one; never moves back. */
    void markRead(long conversationId, long messageId) {
        jdbc.sql("UPDATE bot_session SET handled_message_id = ? WHERE conversation_id = ? AND handled_message_id < ?")
                .params(messageId, conversationId, messageId).update();
    }

    void delete(long conversationId) {
        jdbc.sql("DELETE FROM bot_session WHERE conversation_id = ?").param(conversationId).update();
    }

    private static Session session(ResultSet rs, int row) throws SQLException {
        long asked = rs.getLong("asked_message_id");
        boolean noQuestion = rs.wasNull();
        long handoff = rs.getLong("handoff_id");
        boolean noHandoff = rs.wasNull();
        return new Session(rs.getLong("conversation_id"), rs.getLong("account_id"), rs.getLong("story_id"), rs.getInt("version"),
                rs.getString("step_id"), rs.getString("waiting"), rs.getInt("retries"), noQuestion ? null : asked,
                JsonText.readMap(rs.getString("variables")), rs.getLong("handled_message_id"), noHandoff ? null : handoff);
    }
}
