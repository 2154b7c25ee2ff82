package dev.baton.contact;

import dev.baton.shared.JsonText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
class ContactRepository {

    /** A unique column (e-mail, identifier) already holds this value; never leaves this feature as a driver error. */
    static final class Taken extends RuntimeException {
        Taken() {
            super(null, null, false, false);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;

    ContactRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /**
     * Inserts under a savepoint, so that a {@link Taken} leaves the caller's transaction usable (PostgreSQL
     * aborts a transaction on a failed statement): a concurrent visitor may then join the contact that won.
     */
    long insert(long accountId, ContactData d, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql("""
                    INSERT INTO contact (account_id, name, email, phone_number, identifier, avatar_url, custom_attributes,
                        additional_attributes, last_activity_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(accountId, d.name(), d.email(), d.phoneNumber(), d.identifier(), d.avatarUrl(),
                            JsonText.write(d.customAttributes() == null ? java.util.Map.of() : d.customAttributes()),
                            JsonText.write(d.additionalAttributes() == null ? java.util.Map.of() : d.additionalAttributes()),
                            utc(now), utc(now), utc(now))
                    .update(keys, "id"));
        } catch (DuplicateKeyException e) {
            throw new Taken();
        }
        return keys.getKey().longValue();
    }

    void update(Contact c, Instant now) {
        try {
            jdbc.sql("""
                    UPDATE contact SET name = ?, email = ?, phone_number = ?, identifier = ?, avatar_url = ?,
                        custom_attributes = ?, additional_attributes = ?, updated_at = ?
                    WHERE id = ? AND account_id = ?""")
                    .params(c.name(), c.email(), c.phoneNumber(), c.identifier(), c.avatarUrl(),
                            JsonText.write(c.customAttributes()), JsonText.write(c.additionalAttributes()), utc(now),
                            c.id(), c.accountId())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new Taken();
        }
    }

    void touch(long contactId, Instant now) {
        jdbc.sql("UPDATE contact SET last_activity_at = ? WHERE id = ?").params(utc(now), contactId).update();
    }

    boolean delete(long accountId, long id) {
        return jdbc.sql("DELETE FROM contact WHERE id = ? AND account_id = ?").params(id, accountId).update() > 0;
    }

    Optional<Contact> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM contact WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(ContactRepository::contact).optional();
    }

    Optional<Contact> findByIdentifier(long accountId, String identifier) {
        return jdbc.sql("SELECT * FROM contact WHERE account_id = ? AND identifier = ?").params(accountId, identifier)
                .query(ContactRepository::contact).optional();
    }

    boolean emailTaken(long accountId, String email, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ? AND email = ? AND id <> ?")
                .params(accountId, email, exceptId).query(Long.class).single() > 0;
    }

    List<Contact> byIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM contact WHERE account_id = :account AND id IN (:ids)")
                .param("account", accountId).param("ids", ids).query(ContactRepository::contact).list();
    }

    List<Contact> list(long accountId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM contact WHERE account_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(accountId, limit, offset).query(ContactRepository::contact).list();
    }

    long count(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ?").param(accountId).query(Long.class).single();
    }

    private static final String SEARCH = """
            FROM contact WHERE account_id = :account AND (LOWER(name) LIKE :q ESCAPE '\\' OR email LIKE :q ESCAPE '\\'
                OR phone_number LIKE :q ESCAPE '\\' OR LOWER(identifier) LIKE :q ESCAPE '\\')""";

    List<Contact> search(long accountId, String pattern, int limit, long offset) {
        return jdbc.sql("SELECT * " + SEARCH + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("account", accountId).param("q", pattern).param("limit", limit).param("offset", offset)
                .query(ContactRepository::contact).list();
    }

    long searchCount(long accountId, String pattern) {
        return jdbc.sql("SELECT COUNT(*) " + SEARCH).param("account", accountId).param("q", pattern)
                .query(Long.class).single();
    }

    // ---- contact inboxes

    long insertContactInbox(long contactId, long inboxId, String sourceId, String pubsubToken, boolean verified, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO contact_inbox (contact_id, inbox_id, source_id, pubsub_token, hmac_verified, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(contactId, inboxId, sourceId, pubsubToken, verified, utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<ContactInbox> contactInbox(long id) {
        return jdbc.sql("SELECT * FROM contact_inbox WHERE id = ?").param(id).query(ContactRepository::contactInbox).optional();
    }

    Optional<ContactInbox> contactInboxBySource(long inboxId, String sourceId) {
        return jdbc.sql("SELECT * FROM contact_inbox WHERE inbox_id = ? AND source_id = ?").params(inboxId, sourceId)
                .query(ContactRepository::contactInbox).optional();
    }

    Optional<ContactInbox> contactInboxByPubsub(String token) {
        return jdbc.sql("SELECT * FROM contact_inbox WHERE pubsub_token = ?").param(token)
                .query(ContactRepository::contactInbox).optional();
    }

    Optional<ContactInbox> firstContactInbox(long contactId, long inboxId) {
        return jdbc.sql("SELECT * FROM contact_inbox WHERE contact_id = ? AND inbox_id = ? ORDER BY id LIMIT 1")
                .params(contactId, inboxId).query(ContactRepository::contactInbox).optional();
    }

    List<ContactInbox> contactInboxesByIds(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM contact_inbox WHERE id IN (:ids)").param("ids", ids)
                .query(ContactRepository::contactInbox).list();
    }

    List<ContactInbox> contactInboxesOf(long contactId) {
        return jdbc.sql("SELECT * FROM contact_inbox WHERE contact_id = ? ORDER BY id LIMIT 100").param(contactId)
                .query(ContactRepository::contactInbox).list();
    }

    // ---- visitor presence (docs/realtime.md#visitor-presence)

    /** One more open socket; a count left by sockets nobody vouched for since {@code stale} starts again at 1. */
    boolean visitorSocketOpened(long contactInboxId, Instant now, Instant stale) {
        boolean wasOnline = jdbc.sql("""
                SELECT visitor_sockets > 0 AND visitor_seen_at >= ? FROM contact_inbox WHERE id = ? FOR UPDATE""")
                .params(utc(stale), contactInboxId).query(Boolean.class).optional().orElse(false);
        jdbc.sql("""
                UPDATE contact_inbox SET visitor_sockets = CASE WHEN visitor_seen_at IS NULL OR visitor_seen_at < ?
                    THEN 1 ELSE visitor_sockets + 1 END, visitor_seen_at = ? WHERE id = ?""")
                .params(utc(stale), utc(now), contactInboxId).update();
        return !wasOnline;
    }

    /** One socket fewer; true when it was the last one. */
    boolean visitorSocketClosed(long contactInboxId) {
        jdbc.sql("""
                UPDATE contact_inbox SET visitor_sockets = CASE WHEN visitor_sockets > 0 THEN visitor_sockets - 1 ELSE 0 END
                WHERE id = ?""").param(contactInboxId).update();
        return jdbc.sql("SELECT visitor_sockets FROM contact_inbox WHERE id = ?").param(contactInboxId)
                .query(Integer.class).optional().orElse(0) == 0;
    }

    void visitorSocketsAlive(java.util.Collection<Long> contactInboxIds, Instant now) {
        if (!contactInboxIds.isEmpty()) {
            jdbc.sql("UPDATE contact_inbox SET visitor_seen_at = :now WHERE id IN (:ids) AND visitor_sockets > 0")
                    .param("now", utc(now)).param("ids", contactInboxIds).update();
        }
    }

    java.util.Set<Long> onlineVisitors(java.util.Collection<Long> contactInboxIds, Instant stale) {
        if (contactInboxIds.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(jdbc.sql("""
                SELECT id FROM contact_inbox WHERE id IN (:ids) AND visitor_sockets > 0 AND visitor_seen_at >= :stale""")
                .param("ids", contactInboxIds).param("stale", utc(stale)).query(Long.class).list());
    }

    private static ContactInbox contactInbox(ResultSet rs, int row) throws SQLException {
        return new ContactInbox(rs.getLong("id"), rs.getLong("contact_id"), rs.getLong("inbox_id"),
                rs.getString("source_id"), rs.getString("pubsub_token"), rs.getBoolean("hmac_verified"));
    }

    private static Contact contact(ResultSet rs, int row) throws SQLException {
        OffsetDateTime last = rs.getObject("last_activity_at", OffsetDateTime.class);
        return new Contact(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("email"),
                rs.getString("phone_number"), rs.getString("identifier"), rs.getString("avatar_url"),
                JsonText.readMap(rs.getString("custom_attributes")), JsonText.readMap(rs.getString("additional_attributes")),
                last == null ? null : last.toInstant(), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
