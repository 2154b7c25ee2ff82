package dev.baton.webhook;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class EndpointRepository {

    /** Another endpoint of the same owner has this URL. */
    static final class Taken extends RuntimeException {
        Taken() {
            super("url taken", null, false, false);
        }
    }

    private static final String COLUMNS = """
            id, account_id, owner, owner_id, name, url, subscriptions, signing, secret, previous_secret,
            previous_secret_until, enabled, disabled_reason, disabled_at, created_at, updated_at""";

    private final JdbcClient jdbc;

    EndpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(Endpoint e) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                    INSERT INTO webhook (account_id, owner, owner_id, name, url, subscriptions, signing, secret, enabled,
                                         created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(e.accountId(), e.owner(), e.ownerId(), e.name(), e.url(), String.join(",", e.subscriptions()),
                            e.signing().name(), e.secret(), e.enabled(), utc(e.createdAt()), utc(e.updatedAt()))
                    .update(keys, "id");
        } catch (DuplicateKeyException ex) {
            throw new Taken();
        }
        return keys.getKeyAs(Number.class).longValue();
    }

    void update(Endpoint e) {
        try {
            jdbc.sql("""
                    UPDATE webhook SET name = ?, url = ?, subscriptions = ?, secret = ?, previous_secret = ?,
                           previous_secret_until = ?, enabled = ?, disabled_reason = ?, disabled_at = ?, updated_at = ?
                    WHERE id = ?""")
                    .params(e.name(), e.url(), String.join(",", e.subscriptions()), e.secret(), e.previousSecret(),
                            utc(e.previousSecretUntil()), e.enabled(), e.disabledReason(), utc(e.disabledAt()),
                            utc(e.updatedAt()), e.id())
                    .update();
        } catch (DuplicateKeyException ex) {
            throw new Taken();
        }
    }

    Optional<Endpoint> find(long accountId, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE account_id = ? AND id = ?").params(accountId, id)
                .query(EndpointRepository::endpoint).optional();
    }

    /** Locks the endpoint's row (rotation, disabling) so that concurrent changes apply one after the other. */
    Optional<Endpoint> lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE id = ? FOR UPDATE").param(id)
                .query(EndpointRepository::endpoint).optional();
    }

    List<Endpoint> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE id IN (:ids)").param("ids", ids)
                .query(EndpointRepository::endpoint).list();
    }

    /** An owner's endpoints, oldest first; an account has at most {@code baton.webhooks.max-per-account}. */
    List<Endpoint> ofOwner(long accountId, String owner, long ownerId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE account_id = ? AND owner = ? AND owner_id = ? ORDER BY id LIMIT ?")
                .params(accountId, owner, ownerId, limit).query(EndpointRepository::endpoint).list();
    }

    int count(long accountId, String owner) {
        return jdbc.sql("SELECT COUNT(*) FROM webhook WHERE account_id = ? AND owner = ?").params(accountId, owner)
                .query(Integer.class).single();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM webhook WHERE account_id = ? AND id = ?").params(accountId, id).update() == 1;
    }

    private static Endpoint endpoint(ResultSet rs, int row) throws SQLException {
        String subscriptions = rs.getString("subscriptions");
        return new Endpoint(rs.getLong("id"), rs.getLong("account_id"), rs.getString("owner"), rs.getLong("owner_id"),
                rs.getString("name"), rs.getString("url"),
                subscriptions == null || subscriptions.isEmpty() ? List.of() : Arrays.asList(subscriptions.split(",")),
                Signing.valueOf(rs.getString("signing")), rs.getString("secret"), rs.getString("previous_secret"),
                instant(rs, "previous_secret_until"), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
                instant(rs, "disabled_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
