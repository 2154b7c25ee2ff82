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
class LabelRepository {

    static final class TitleTaken extends RuntimeException {
        TitleTaken() {
            super(null, null, false, false);
        }
    }

    private final JdbcClient jdbc;

    LabelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, Label l, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    INSERT INTO account_label (account_id, title, description, color, show_on_sidebar, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(accountId, l.title(), l.description(), l.color(), l.showOnSidebar(), utc(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new TitleTaken();
        }
        return keys.getKey().longValue();
    }

    void update(long accountId, Label l) {
        try {
            jdbc.sql("UPDATE account_label SET title = ?, description = ?, color = ?, show_on_sidebar = ? WHERE id = ? AND account_id = ?")
                    .params(l.title(), l.description(), l.color(), l.showOnSidebar(), l.id(), accountId).update();
        } catch (DuplicateKeyException e) {
            throw new TitleTaken();
        }
    }

    void delete(long accountId, long id) {
        jdbc.sql("DELETE FROM account_label WHERE id = ? AND account_id = ?").params(id, accountId).update();
    }

    Optional<Label> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM account_label WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(LabelRepository::row).optional();
    }

    List<Label> list(long accountId) {
        return jdbc.sql("SELECT * FROM account_label WHERE account_id = ? ORDER BY title LIMIT 500")
                .param(accountId).query(LabelRepository::row).list();
    }

    private static Label row(ResultSet rs, int row) throws SQLException {
        return new Label(rs.getLong("id"), rs.getString("title"), rs.getString("description"), rs.getString("color"),
                rs.getBoolean("show_on_sidebar"));
    }
}
