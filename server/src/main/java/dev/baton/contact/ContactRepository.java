package dev.baton.contact;

import static dev.baton.shared.SqlTimes.utc;

import dev.baton.shared.JsonText;
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
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** Where a keyset page of the list ends: the last contact's activity (null: never active) and id. */
    record Cursor(Instant lastActivityAt, long id) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate savepoint;

    ContactRepository(JdbcClient jdbc, JdbcTemplate batch, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    long insert(long accountId, ContactData d, Instant now) {
        return insert(accountId, d, now, now);
    }

    /**
     * Inserts under a savepoint, so that a {@link Taken} leaves the caller's transaction usable (PostgreSQL
     * aborts a transaction on a failed statement): a concurrent visitor may then join the contact that won.
     * {@code lastActivity} null: a contact who never wrote (created by an agent's import).
     */
    long insert(long accountId, ContactData d, Instant now, Instant lastActivity) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            savepoint.executeWithoutResult(status -> insertRow(accountId, d, now, lastActivity, keys));
        } catch (DuplicateKeyException e) {
            throw new Taken();
        }
        long id = keys.getKey().longValue();
        indexAttributes(accountId, id, d.customAttributes());
        return id;
    }

    /**
     * As {@link #insert}, for a caller that already holds a savepoint of its own (the import's row): one round
     * trip fewer per row.
     */
    long insertUnderCallersSavepoint(long accountId, ContactData d, Instant now, Instant lastActivity) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            insertRow(accountId, d, now, lastActivity, keys);
        } catch (DuplicateKeyException e) {
            throw new Taken();
        }
        long id = keys.getKey().longValue();
        indexAttributes(accountId, id, d.customAttributes());
        return id;
    }

    private void insertRow(long accountId, ContactData d, Instant now, Instant lastActivity, GeneratedKeyHolder keys) {
        jdbc.sql("""
                INSERT INTO contact (account_id, name, email, phone_number, identifier, avatar_url, custom_attributes,
                    additional_attributes, last_activity_at, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(accountId, d.name(), d.email(), d.phoneNumber(), d.identifier(), d.avatarUrl(),
                        JsonText.write(d.customAttributes() == null ? Map.of() : d.customAttributes()),
                        JsonText.write(d.additionalAttributes() == null ? Map.of() : d.additionalAttributes()),
                        utc(lastActivity), utc(now), utc(now))
                .update(keys, "id");
    }

    /** Writes every field; under a savepoint, so that a {@link Taken} leaves the caller's transaction usable. */
    void update(Contact c, Instant now) {
        try {
            savepoint.executeWithoutResult(status -> jdbc.sql("""
                    UPDATE contact SET name = ?, email = ?, phone_number = ?, identifier = ?, avatar_url = ?,
                        custom_attributes = ?, additional_attributes = ?, updated_at = ?
                    WHERE id = ? AND account_id = ?""")
                    .params(c.name(), c.email(), c.phoneNumber(), c.identifier(), c.avatarUrl(),
                            JsonText.write(c.customAttributes()), JsonText.write(c.additionalAttributes()), utc(now),
                            c.id(), c.accountId())
                    .update());
        } catch (DuplicateKeyException e) {
            throw new Taken();
        }
        jdbc.sql("DELETE FROM contact_attribute_value WHERE contact_id = ?").param(c.id()).update();
        indexAttributes(c.accountId(), c.id(), c.customAttributes());
    }

    /** The filter index of a contact's custom attributes (contact_attribute_value), written with the contact. */
    private void indexAttributes(long accountId, long contactId, Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        attributes.forEach((key, value) -> AttributeValues.indexed(value).ifPresent(v -> {
            if (key.length() <= 100) {
                rows.add(new Object[]{contactId, accountId, key, v.text(), v.number(),
                        v.date() == null ? null : java.sql.Date.valueOf(v.date())});
            }
        }));
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    INSERT INTO contact_attribute_value (contact_id, account_id, attribute_key, value_text, value_number, value_date)
                    VALUES (?, ?, ?, ?, ?, ?)""", rows);
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

    /** Locks contacts in id order: every path that locks two contacts locks them in this order. */
    List<Contact> lock(long accountId, Collection<Long> ids) {
        return jdbc.sql("SELECT * FROM contact WHERE account_id = :account AND id IN (:ids) ORDER BY id FOR UPDATE")
                .param("account", accountId).param("ids", ids).query(ContactRepository::contact).list();
    }

    Optional<Contact> findByIdentifier(long accountId, String identifier) {
        return jdbc.sql("SELECT * FROM contact WHERE account_id = ? AND identifier = ?").params(accountId, identifier)
                .query(ContactRepository::contact).optional();
    }

    Optional<Contact> findByEmail(long accountId, String email) {
        return jdbc.sql("SELECT * FROM contact WHERE account_id = ? AND email = ?").params(accountId, email)
                .query(ContactRepository::contact).optional();
    }

    boolean emailTaken(long accountId, String email, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ? AND email = ? AND id <> ?")
                .params(accountId, email, exceptId).query(Long.class).single() > 0;
    }

    /**
     * Contacts by identifier and by e-mail, for a batch of import rows: a join against the values, which both
     * databases answer with one unique-index lookup per value (H2 scans the account for "identifier IN (...)").
     */
    List<Contact> byIdentifiersOrEmails(long accountId, Collection<String> identifiers, Collection<String> emails) {
        List<Contact> out = new ArrayList<>();
        out.addAll(byValues(accountId, "identifier", identifiers));
        out.addAll(byValues(accountId, "email", emails));
        return out;
    }

    private List<Contact> byValues(long accountId, String column, Collection<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(values);
        params.add(accountId);
        String rows = String.join(", ", java.util.Collections.nCopies(values.size(), "(CAST(? AS VARCHAR(320)))"));
        return jdbc.sql("SELECT c.* FROM (VALUES " + rows + ") AS v (k) JOIN contact c ON c." + column
                        + " = v.k AND c.account_id = ?")
                .params(params).query(ContactRepository::contact).list();
    }

    List<Contact> byIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM contact WHERE account_id = :account AND id IN (:ids)")
                .param("account", accountId).param("ids", ids).query(ContactRepository::contact).list();
    }

    // ---- the list: filters, keyset pages (last activity, newest first; never active last), offset pages

    private static final String ORDER_ACTIVE = " ORDER BY c.last_activity_at DESC, c.id DESC";
    private static final String ORDER_NEVER = " ORDER BY c.id DESC";

    /**
     * A keyset page. Contacts with activity come first, newest first; those who never wrote follow, newest
     * first. Each part is one range scan of contact_activity_idx; the second only runs when the first ran out.
     */
    List<Contact> page(long accountId, ContactFilter filter, Cursor after, int limit) {
        List<Contact> out = new ArrayList<>();
        boolean inNeverPart = after != null && after.lastActivityAt() == null;
        if (!inNeverPart && !filter.neverActive()) {
            Map<String, Object> params = new HashMap<>();
            StringBuilder where = where(accountId, filter, params).append(" AND c.last_activity_at IS NOT NULL");
            if (after != null) {
                where.append(" AND (c.last_activity_at < :afterAt OR (c.last_activity_at = :afterAt AND c.id < :afterId))");
                params.put("afterAt", utc(after.lastActivityAt()));
                params.put("afterId", after.id());
            }
            params.put("limit", limit);
            out.addAll(jdbc.sql("SELECT c.* FROM contact c WHERE " + where + ORDER_ACTIVE + " LIMIT :limit")
                    .params(params).query(ContactRepository::contact).list());
        }
        if (out.size() < limit && !filter.anyActivityBound()) {
            Map<String, Object> params = new HashMap<>();
            StringBuilder where = where(accountId, filter, params).append(" AND c.last_activity_at IS NULL");
            if (inNeverPart) {
                where.append(" AND c.id < :afterId");
                params.put("afterId", after.id());
            }
            params.put("limit", limit - out.size());
            out.addAll(jdbc.sql("SELECT c.* FROM contact c WHERE " + where + ORDER_NEVER + " LIMIT :limit")
                    .params(params).query(ContactRepository::contact).list());
        }
        return out;
    }

    /** Chatwoot's numbered pages, in the same order as the keyset pages. */
    List<Contact> offsetPage(long accountId, ContactFilter filter, int limit, long offset) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = where(accountId, filter, params);
        params.put("limit", limit);
        params.put("offset", offset);
        return jdbc.sql("SELECT c.* FROM contact c WHERE " + where
                        + " ORDER BY c.last_activity_at DESC NULLS LAST, c.id DESC LIMIT :limit OFFSET :offset")
                .params(params).query(ContactRepository::contact).list();
    }

    long count(long accountId, ContactFilter filter) {
        Map<String, Object> params = new HashMap<>();
        return jdbc.sql("SELECT COUNT(*) FROM contact c WHERE " + where(accountId, filter, params)).params(params)
                .query(Long.class).single();
    }

    private static StringBuilder where(long accountId, ContactFilter f, Map<String, Object> params) {
        StringBuilder where = new StringBuilder("c.account_id = :account");
        params.put("account", accountId);
        if (f.pattern() != null) {
            where.append(" AND (LOWER(c.name) LIKE :q ESCAPE '\\' OR c.email LIKE :q ESCAPE '\\'"
                    + " OR c.phone_number LIKE :q ESCAPE '\\' OR LOWER(c.identifier) LIKE :q ESCAPE '\\')");
            params.put("q", f.pattern());
        }
        if (f.labels() != null && !f.labels().isEmpty()) {
            where.append(" AND EXISTS (SELECT 1 FROM contact_label l WHERE l.contact_id = c.id AND l.label IN (:labels))");
            params.put("labels", f.labels());
        }
        ContactFilter.Attribute a = f.attribute();
        if (a != null) {
            where.append(" AND EXISTS (SELECT 1 FROM contact_attribute_value v WHERE v.contact_id = c.id"
                    + " AND v.account_id = :account AND v.attribute_key = :akey");
            params.put("akey", a.key());
            switch (a.operator()) {
                case "equal_to" -> {
                    where.append(" AND v.value_text = :atext");
                    params.put("atext", a.text());
                }
                case "contains" -> {
                    where.append(" AND v.value_text LIKE :atext ESCAPE '\\'");
                    params.put("atext", "%" + like(a.text()) + "%");
                }
                case "greater_than", "less_than" -> {
                    String op = a.operator().equals("greater_than") ? ">" : "<";
                    if (a.date() != null) {
                        where.append(" AND v.value_date ").append(op).append(" :adate");
                        params.put("adate", java.sql.Date.valueOf(a.date()));
                    } else {
                        where.append(" AND v.value_number ").append(op).append(" :anumber");
                        params.put("anumber", a.number());
                    }
                }
                default -> { } // present: the row exists
            }
            where.append(")");
        }
        if (f.activeAfter() != null) {
            where.append(" AND c.last_activity_at >= :activeAfter");
            params.put("activeAfter", utc(f.activeAfter()));
        }
        if (f.activeBefore() != null) {
            where.append(" AND c.last_activity_at < :activeBefore");
            params.put("activeBefore", utc(f.activeBefore()));
        }
        if (f.neverActive()) {
            where.append(" AND c.last_activity_at IS NULL");
        }
        return where;
    }

    static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    // ---- labels

    Map<Long, List<String>> labels(Collection<Long> contactIds) {
        Map<Long, List<String>> out = new HashMap<>();
        if (contactIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT contact_id, label FROM contact_label WHERE contact_id IN (:ids) ORDER BY contact_id, label")
                .param("ids", contactIds)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list()
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    void replaceLabels(long accountId, long contactId, Collection<String> labels) {
        jdbc.sql("DELETE FROM contact_label WHERE contact_id = ?").param(contactId).update();
        addLabels(accountId, contactId, labels);
    }

    /** Labels of a contact that has none yet (a new one). */
    void addLabels(long accountId, long contactId, Collection<String> labels) {
        if (!labels.isEmpty()) {
            batch.batchUpdate("INSERT INTO contact_label (contact_id, account_id, label) VALUES (?, ?, ?)",
                    labels.stream().map(l -> new Object[]{contactId, accountId, l}).toList());
        }
    }

    // ---- merging: what belongs to the merged contact moves to the one that stays

    void moveContactInboxes(long fromContactId, long toContactId) {
        jdbc.sql("UPDATE contact_inbox SET contact_id = ? WHERE contact_id = ?").params(toContactId, fromContactId).update();
    }

    void moveNotes(long fromContactId, long toContactId) {
        jdbc.sql("UPDATE contact_note SET contact_id = ? WHERE contact_id = ?").params(toContactId, fromContactId).update();
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

    void markVerified(long contactInboxId) {
        jdbc.sql("UPDATE contact_inbox SET hmac_verified = TRUE WHERE id = ?").param(contactInboxId).update();
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

    /** A visitor's socket count as read under its row lock: {@code fresh} when a node vouched for it since the expiry. */
    record SocketCount(long contactInboxId, int sockets, boolean fresh) {
    }

    /**
     * Locks and reads the socket counts of these contact inboxes, in id order (so that two nodes locking overlapping
     * sets wait for each other instead of deadlocking).
     */
    List<SocketCount> lockVisitorSockets(Collection<Long> contactInboxIds, Instant stale) {
        return jdbc.sql("""
                SELECT id, visitor_sockets, visitor_seen_at IS NOT NULL AND visitor_seen_at >= :stale AS fresh
                FROM contact_inbox WHERE id IN (:ids) ORDER BY id FOR UPDATE""")
                .param("stale", utc(stale)).param("ids", contactInboxIds)
                .query((rs, row) -> new SocketCount(rs.getLong("id"), rs.getInt("visitor_sockets"), rs.getBoolean("fresh")))
                .list();
    }

    /** Writes new socket counts (one batch per statement); the rows of {@code seen} are vouched for at {@code now}. */
    void writeVisitorSockets(List<SocketCount> counts, java.util.Set<Long> seen, Instant now) {
        List<Object[]> vouched = new ArrayList<>();
        List<Object[]> counted = new ArrayList<>();
        for (SocketCount count : counts) {
            if (seen.contains(count.contactInboxId())) {
                vouched.add(new Object[]{count.sockets(), utc(now), count.contactInboxId()});
            } else {
                counted.add(new Object[]{count.sockets(), count.contactInboxId()});
            }
        }
        if (!vouched.isEmpty()) {
            batch.batchUpdate("UPDATE contact_inbox SET visitor_sockets = ?, visitor_seen_at = ? WHERE id = ?", vouched);
        }
        if (!counted.isEmpty()) {
            batch.batchUpdate("UPDATE contact_inbox SET visitor_sockets = ? WHERE id = ?", counted);
        }
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

    /** As {@link #onlineVisitors}, with each visitor's identity check, from the same rows. */
    java.util.Map<Long, VisitorPresence.Visitor> visitors(java.util.Collection<Long> contactInboxIds, Instant stale) {
        java.util.Map<Long, VisitorPresence.Visitor> out = new java.util.HashMap<>();
        if (contactInboxIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT id, hmac_verified, visitor_sockets > 0 AND visitor_seen_at >= :stale AS online
                FROM contact_inbox WHERE id IN (:ids)""")
                .param("ids", contactInboxIds).param("stale", utc(stale))
                .query(rs -> {
                    out.put(rs.getLong("id"), new VisitorPresence.Visitor(rs.getBoolean("hmac_verified"), rs.getBoolean("online")));
                });
        return out;
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
