package dev.baton.conversation;

import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AttachmentRepository {

    private final JdbcClient jdbc;

    AttachmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long accountId, long conversationId, long messageId, Attachments.Stored file, Instant now) {
        jdbc.sql("""
                INSERT INTO attachment (account_id, conversation_id, message_id, file_type, content_type, byte_size,
                    storage_key, access_token, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, conversationId, messageId, file.fileType(), file.contentType(), file.byteSize(),
                        file.storageKey(), file.accessToken(), utc(now))
                .update();
    }

    /** Deletes a message's attachments; answers their storage keys, for removal after commit. */
    List<String> deleteOf(long messageId) {
        List<String> keys = jdbc.sql("SELECT storage_key FROM attachment WHERE message_id = ?").param(messageId)
                .query(String.class).list();
        jdbc.sql("DELETE FROM attachment WHERE message_id = ?").param(messageId).update();
        return keys;
    }

    /** The attachments of these messages, one query for the whole list. */
    Map<Long, List<Attachment>> byMessages(Collection<Long> messageIds) {
        Map<Long, List<Attachment>> out = new HashMap<>();
        if (messageIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT * FROM attachment WHERE message_id IN (:ids) ORDER BY message_id, id").param("ids", messageIds)
                .query(AttachmentRepository::row).list()
                .forEach(a -> out.computeIfAbsent(a.messageId(), k -> new ArrayList<>()).add(a));
        return out;
    }

    Optional<Attachment> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM attachment WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(AttachmentRepository::row).optional();
    }

    /** By the visitor's token, only where the message is one the visitor sees (not a private note). */
    Optional<Attachment> findPublic(String token) {
        return jdbc.sql("""
                SELECT a.* FROM attachment a JOIN message m ON m.id = a.message_id
                WHERE a.access_token = ? AND m.private = FALSE AND m.message_type <> 'activity'""")
                .param(token).query(AttachmentRepository::row).optional();
    }

    private static Attachment row(ResultSet rs, int row) throws SQLException {
        OffsetDateTime created = rs.getObject("created_at", OffsetDateTime.class);
        return new Attachment(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("conversation_id"),
                rs.getLong("message_id"), rs.getString("file_type"), rs.getString("content_type"), rs.getLong("byte_size"),
                rs.getString("storage_key"), rs.getString("access_token"), created == null ? null : created.toInstant());
    }
}
