package dev.baton.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class WrapUpReasonRepository {

    static final class NameTaken extends RuntimeException {
        NameTaken() {
            super(null, null, false, false);
        }
    }

    private final JdbcClient jdbc;

    WrapUpReasonRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String name, int position) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("INSERT INTO wrap_up_reason (account_id, name, position, active) VALUES (?, ?, ?, TRUE)")
                    .params(accountId, name, position).update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new NameTaken();
        }
        return keys.getKey().longValue();
    }

    void update(WrapUpReason r) {
        try {
            jdbc.sql("UPDATE wrap_up_reason SET name = ?, position = ?, active = ? WHERE id = ? AND account_id = ?")
                    .params(r.name(), r.position(), r.active(), r.id(), r.accountId()).update();
        } catch (DuplicateKeyException e) {
            throw new NameTaken();
        }
    }

    Optional<WrapUpReason> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM wrap_up_reason WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(WrapUpReasonRepository::reason).optional();
    }

    List<WrapUpReason> list(long accountId) {
        return jdbc.sql("SELECT * FROM wrap_up_reason WHERE account_id = ? ORDER BY position, name LIMIT 500")
                .param(accountId).query(WrapUpReasonRepository::reason).list();
    }

    private static WrapUpReason reason(ResultSet rs, int row) throws SQLException {
        return new WrapUpReason(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getInt("position"),
                rs.getBoolean("active"));
    }
}
