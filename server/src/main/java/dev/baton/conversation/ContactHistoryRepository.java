package dev.baton.conversation;

import static dev.baton.shared.SqlTimes.utc;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of what a contact's merge, deletion and personal-data export do to conversations. */
@Repository
class ContactHistoryRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ContactHistoryRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Locks the contact's conversations in id order (each is otherwise locked alone, so no cycle can form). */
    List<Long> lockConversationsOf(long accountId, long contactId) {
        return jdbc.sql("SELECT id FROM conversation WHERE account_id = ? AND contact_id = ? ORDER BY id FOR UPDATE")
                .params(accountId, contactId).query(Long.class).list();
    }

    /** Moves the conversations, and names the new contact as the author of the visitor's messages in them. */
    void moveConversations(long accountId, long fromContactId, long toContactId) {
        jdbc.sql("""
                UPDATE message SET sender_id = :to WHERE sender_type = 'contact' AND sender_id = :from
                    AND conversation_id IN (SELECT id FROM conversation WHERE account_id = :account AND contact_id = :from)""")
                .param("to", toContactId).param("from", fromContactId).param("account", accountId).update();
        jdbc.sql("UPDATE conversation SET contact_id = ? WHERE account_id = ? AND contact_id = ?")
                .params(toContactId, accountId, fromContactId).update();
    }

    List<String> storageKeysOf(Collection<Long> conversationIds) {
        if (conversationIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT storage_key FROM attachment WHERE conversation_id IN (:ids)").param("ids", conversationIds)
                .query(String.class).list();
    }

    /** Deletes the conversations; their messages, attachments, event log, handoffs and offers go with them. */
    void deleteConversationsOf(long accountId, long contactId) {
        jdbc.sql("DELETE FROM conversation WHERE account_id = ? AND contact_id = ?").params(accountId, contactId).update();
    }

    /** A contact's conversations, oldest first, after {@code afterId}: the personal-data export reads them in pages. */
    List<Conversation> conversationsOf(long accountId, long contactId, long afterId, int limit) {
        return jdbc.sql("SELECT * FROM conversation WHERE account_id = ? AND contact_id = ? AND id > ? ORDER BY id LIMIT ?")
                .params(accountId, contactId, afterId, limit).query(ConversationRepository::conversation).list();
    }

    // ---- upload_removal: files whose rows are gone

    void scheduleRemoval(Collection<String> storageKeys, Instant now) {
        batch.batchUpdate("INSERT INTO upload_removal (storage_key, created_at) VALUES (?, ?)",
                storageKeys.stream().map(k -> new Object[]{k, utc(now)}).toList());
    }

    List<String> dueRemovals(Instant before, int limit) {
        return jdbc.sql("SELECT storage_key FROM upload_removal WHERE created_at < ? ORDER BY created_at LIMIT ?")
                .params(utc(before), limit).query(String.class).list();
    }

    void removed(Collection<String> storageKeys) {
        if (!storageKeys.isEmpty()) {
            jdbc.sql("DELETE FROM upload_removal WHERE storage_key IN (:keys)").param("keys", storageKeys).update();
        }
    }
}
