package dev.baton.conversation;

import static dev.baton.shared.SqlTimes.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class CannedResponseRepository {

    static final class ShortCodeTaken extends RuntimeException {
        ShortCodeTaken() {
            super(null, null, false, false);
        }
    }

    static final int LIMIT = 500;

    private final JdbcClient jdbc;

    CannedResponseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String shortCode, String content, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("INSERT INTO canned_response (account_id, short_code, content, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                    .params(accountId, shortCode, content, utc(now), utc(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new ShortCodeTaken();
        }
        return keys.getKey().longValue();
    }

    void update(CannedResponse r, Instant now) {
        try {
            jdbc.sql("UPDATE canned_response SET short_code = ?, content = ?, updated_at = ? WHERE id = ? AND account_id = ?")
                    .params(r.shortCode(), r.content(), utc(now), r.id(), r.accountId()).update();
        } catch (DuplicateKeyException e) {
            throw new ShortCodeTaken();
        }
    }

    void delete(long accountId, long id) {
        jdbc.sql("DELETE FROM canned_response WHERE id = ? AND account_id = ?").params(id, accountId).update();
    }

    Optional<CannedResponse> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM canned_response WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(CannedResponseRepository::row).optional();
    }

    /** By short code; {@code search} (lower case) matches the start of the short code or of the content. */
    List<CannedResponse> list(long accountId, String search) {
        if (search == null) {
            return jdbc.sql("SELECT * FROM canned_response WHERE account_id = ? ORDER BY short_code LIMIT " + LIMIT)
                    .param(accountId).query(CannedResponseRepository::row).list();
        }
        String prefix = escapeLike(search) + "%";
        return jdbc.sql("""
                SELECT * FROM canned_response WHERE account_id = ?
                  AND (short_code LIKE ? ESCAPE '\\' OR LOWER(content) LIKE ? ESCAPE '\\')
                ORDER BY short_code LIMIT\s""" + LIMIT)
                .params(accountId, prefix, prefix).query(CannedResponseRepository::row).list();
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static CannedResponse row(ResultSet rs, int row) throws SQLException {
        return new CannedResponse(rs.getLong("id"), rs.getLong("account_id"), rs.getString("short_code"), rs.getString("content"));
    }
}
