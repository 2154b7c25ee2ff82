package dev.baton.contact;

import static dev.baton.shared.SqlTimes.utc;

import dev.baton.shared.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class AttributeDefinitionRepository {

    /** The account already has this key for this model. */
    static final class KeyTaken extends RuntimeException {
        KeyTaken() {
            super(null, null, false, false);
        }
    }

    static final int MAX_PER_ACCOUNT = 200;

    private final JdbcClient jdbc;

    AttributeDefinitionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(AttributeDefinition d, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    INSERT INTO custom_attribute_definition (account_id, attribute_model, attribute_key, attribute_display_name,
                        attribute_display_type, attribute_description, attribute_values, regex_pattern, regex_cue, created_at,
                        updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(d.accountId(), d.model().wire(), d.key(), d.displayName(), d.type().wire(), d.description(),
                            JsonText.write(d.values()), d.regexPattern(), d.regexCue(), utc(now), utc(now))
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            throw new KeyTaken();
        }
        return keys.getKey().longValue();
    }

    void update(AttributeDefinition d, Instant now) {
        jdbc.sql("""
                UPDATE custom_attribute_definition SET attribute_display_name = ?, attribute_display_type = ?,
                    attribute_description = ?, attribute_values = ?, regex_pattern = ?, regex_cue = ?, updated_at = ?
                WHERE id = ? AND account_id = ?""")
                .params(d.displayName(), d.type().wire(), d.description(), JsonText.write(d.values()), d.regexPattern(),
                        d.regexCue(), utc(now), d.id(), d.accountId())
                .update();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM custom_attribute_definition WHERE id = ? AND account_id = ?").params(id, accountId)
                .update() > 0;
    }

    Optional<AttributeDefinition> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM custom_attribute_definition WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(AttributeDefinitionRepository::row).optional();
    }

    /** An account's definitions of one model (or all when null), by display name; at most {@link #MAX_PER_ACCOUNT}. */
    List<AttributeDefinition> list(long accountId, AttributeModel model) {
        if (model == null) {
            return jdbc.sql("""
                    SELECT * FROM custom_attribute_definition WHERE account_id = ?
                    ORDER BY attribute_model, LOWER(attribute_display_name), id LIMIT ?""")
                    .params(accountId, MAX_PER_ACCOUNT).query(AttributeDefinitionRepository::row).list();
        }
        return jdbc.sql("""
                SELECT * FROM custom_attribute_definition WHERE account_id = ? AND attribute_model = ?
                ORDER BY LOWER(attribute_display_name), id LIMIT ?""")
                .params(accountId, model.wire(), MAX_PER_ACCOUNT).query(AttributeDefinitionRepository::row).list();
    }

    long count(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM custom_attribute_definition WHERE account_id = ?").param(accountId)
                .query(Long.class).single();
    }

    private static AttributeDefinition row(ResultSet rs, int n) throws SQLException {
        List<String> values = JsonText.readStrings(rs.getString("attribute_values"));
        return new AttributeDefinition(rs.getLong("id"), rs.getLong("account_id"),
                AttributeModel.fromWire(rs.getString("attribute_model")), rs.getString("attribute_key"),
                rs.getString("attribute_display_name"), AttributeType.fromWire(rs.getString("attribute_display_type")),
                rs.getString("attribute_description"), values == null ? List.of() : values, rs.getString("regex_pattern"),
                rs.getString("regex_cue"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
