package dev.baton.contact;

import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ContactNoteRepository {

    private final JdbcClient jdbc;

    ContactNoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, long contactId, long userId, String content, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO contact_note (account_id, contact_id, user_id, content, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(accountId, contactId, userId, content, utc(now), utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void update(long id, String content, Instant now) {
        jdbc.sql("UPDATE contact_note SET content = ?, updated_at = ? WHERE id = ?")
                .params(content, utc(now), id).update();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM contact_note WHERE id = ?").param(id).update();
    }

    Optional<ContactNote> find(long accountId, long contactId, long id) {
        return jdbc.sql("SELECT * FROM contact_note WHERE id = ? AND contact_id = ? AND account_id = ?")
                .params(id, contactId, accountId).query(ContactNoteRepository::row).optional();
    }

    /** Newest first, {@code limit} notes older than {@code beforeId} (null: from the newest). */
    List<ContactNote> list(long contactId, Long beforeId, int limit) {
        if (beforeId == null) {
            return jdbc.sql("SELECT * FROM contact_note WHERE contact_id = ? ORDER BY id DESC LIMIT ?")
                    .params(contactId, limit).query(ContactNoteRepository::row).list();
        }
        return jdbc.sql("SELECT * FROM contact_note WHERE contact_id = ? AND id < ? ORDER BY id DESC LIMIT ?")
                .params(contactId, beforeId, limit).query(ContactNoteRepository::row).list();
    }

    private static ContactNote row(ResultSet rs, int n) throws SQLException {
        long user = rs.getLong("user_id");
        return new ContactNote(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("contact_id"),
                rs.wasNull() ? null : user, rs.getString("content"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
