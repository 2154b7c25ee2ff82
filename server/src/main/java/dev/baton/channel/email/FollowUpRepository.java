package dev.baton.channel.email;

import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FollowUpRepository {

    static final String NO_EMAIL = "no_email";
    static final String WAITING = "waiting";
    static final String DONE = "done";

    record FollowUp(long conversationId, long accountId, long inboxId, long contactId, String replyToken, String linkKey,
                    String state, Instant since) {

        boolean waiting() {
            return WAITING.equals(state);
        }
    }

    /** Where a keyset page of the list ends. */
    record Cursor(Instant since, long conversationId) {
    }

    private final JdbcClient jdbc;

    FollowUpRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Nobody was available: {@code state} waiting (in the list from now, again) or no_email. */
    void start(long conversationId, long accountId, long inboxId, long contactId, String replyToken, String linkKey,
               String state, Instant now) {
        int updated = jdbc.sql("UPDATE follow_up SET state = ?, since = ? WHERE conversation_id = ? AND state <> ?")
                .params(state, utc(now), conversationId, state).update();
        if (updated == 0 && find(conversationId).isEmpty()) {
            jdbc.sql("""
                    INSERT INTO follow_up (conversation_id, account_id, inbox_id, contact_id, reply_token, link_key, state, since, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(conversationId, accountId, inboxId, contactId, replyToken, linkKey, state, utc(now), utc(now)).update();
        }
    }

    /** Back in the list: the visitor answered by e-mail, or left the address the follow-up waited for. */
    boolean waitAgain(long conversationId, Instant now) {
        return jdbc.sql("UPDATE follow_up SET state = 'waiting', since = ? WHERE conversation_id = ? AND state <> 'waiting'")
                .params(utc(now), conversationId).update() > 0;
    }

    /** The contact's follow-ups that waited for an e-mail address. */
    List<Long> awaitingEmail(long contactId) {
        return jdbc.sql("SELECT conversation_id FROM follow_up WHERE contact_id = ? AND state = 'no_email'").param(contactId)
                .query(Long.class).list();
    }

    /** Out of the list (an agent answered or resolved it); the mail thread stays. */
    boolean done(long conversationId) {
        return jdbc.sql("UPDATE follow_up SET state = 'done' WHERE conversation_id = ? AND state <> 'done'")
                .param(conversationId).update() > 0;
    }

    /** Whether the conversation ever went to Follow up, and with an e-mail address when {@code withEmail}. */
    boolean exists(long conversationId, boolean withEmail) {
        return jdbc.sql("SELECT COUNT(*) FROM follow_up WHERE conversation_id = ?" + (withEmail ? " AND state <> 'no_email'" : ""))
                .param(conversationId).query(Long.class).single() > 0;
    }

    Optional<FollowUp> find(long conversationId) {
        return jdbc.sql("SELECT * FROM follow_up WHERE conversation_id = ?").param(conversationId)
                .query(FollowUpRepository::followUp).optional();
    }

    Optional<FollowUp> byToken(String replyToken) {
        return jdbc.sql("SELECT * FROM follow_up WHERE reply_token = ?").param(replyToken)
                .query(FollowUpRepository::followUp).optional();
    }

    /** The waiting ones, newest first, in the inboxes of {@code inboxScope} (null: all); {@code follow_up_list_idx}. */
    List<FollowUp> waiting(long accountId, Set<Long> inboxScope, Cursor after, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM follow_up WHERE account_id = :account AND state = 'waiting'");
        params.put("account", accountId);
        if (inboxScope != null) {
            sql.append(" AND inbox_id IN (:scope)");
            params.put("scope", inboxScope);
        }
        if (after != null) {
            sql.append(" AND since <= :at AND (since < :at OR conversation_id < :id)");
            params.put("at", utc(after.since()));
            params.put("id", after.conversationId());
        }
        params.put("limit", limit);
        return jdbc.sql(sql + " ORDER BY since DESC, conversation_id DESC LIMIT :limit").params(params)
                .query(FollowUpRepository::followUp).list();
    }

    long countWaiting(long accountId, Set<Long> inboxScope) {
        return jdbc.sql("SELECT COUNT(*) FROM follow_up WHERE account_id = :account AND state = 'waiting'"
                        + (inboxScope == null ? "" : " AND inbox_id IN (:scope)"))
                .param("account", accountId).params(inboxScope == null ? Map.of() : Map.of("scope", inboxScope))
                .query(Long.class).single();
    }

    /** False when a mail with this Message-ID was recorded already (fetched twice, or our own). */
    boolean recordMail(Long accountId, Long conversationId, String direction, String mailMessageId, Long messageId,
                       String outcome, Instant now) {
        if (mailSeen(mailMessageId)) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO follow_up_mail (account_id, conversation_id, direction, mail_message_id, message_id, outcome, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, conversationId, direction, mailMessageId, messageId, outcome, utc(now)).update();
        return true;
    }

    boolean mailSeen(String mailMessageId) {
        return jdbc.sql("SELECT COUNT(*) FROM follow_up_mail WHERE mail_message_id = ?").param(mailMessageId)
                .query(Long.class).single() > 0;
    }

    /** The conversation of a mail Baton sent, by its Message-ID. */
    Optional<Long> conversationOfMail(String mailMessageId) {
        return jdbc.sql("SELECT conversation_id FROM follow_up_mail WHERE mail_message_id = ? AND direction = 'out'")
                .param(mailMessageId).query(Long.class).optional();
    }

    /** The Message-IDs of a conversation's mails so far, oldest first (the References of the next one). */
    List<String> mailIds(long conversationId) {
        return jdbc.sql("SELECT mail_message_id FROM follow_up_mail WHERE conversation_id = ? AND message_id IS NOT NULL ORDER BY id")
                .param(conversationId).query(String.class).list();
    }

    /** The conversation's messages that went out or came in by e-mail. */
    List<Long> mailedMessageIds(long conversationId) {
        return jdbc.sql("SELECT message_id FROM follow_up_mail WHERE conversation_id = ? AND message_id IS NOT NULL ORDER BY id")
                .param(conversationId).query(Long.class).list();
    }

    private static FollowUp followUp(ResultSet rs, int row) throws SQLException {
        return new FollowUp(rs.getLong("conversation_id"), rs.getLong("account_id"), rs.getLong("inbox_id"),
                rs.getLong("contact_id"), rs.getString("reply_token"), rs.getString("link_key"), rs.getString("state"),
                rs.getObject("since", OffsetDateTime.class).toInstant());
    }
}
