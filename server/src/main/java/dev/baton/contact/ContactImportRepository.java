package dev.baton.contact;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class ContactImportRepository {

    /** A job as the worker needs it: the row, its file and its mapping. */
    record Claimed(ContactImport job, String storageKey, String mapping) {
    }

    /** One refused cell or row. {@code row} is the spreadsheet's row number (the header is row 1). */
    record RowError(long row, String column, String reason) {
    }

    /** What one batch adds to the counters. */
    record Progress(long processed, long created, long updated, long unchanged, long failed) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ContactImportRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    long insert(long accountId, long userId, String fileName, String storageKey, String mapping, long total, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO contact_import (account_id, user_id, status, file_name, storage_key, mapping, total_records,
                    created_at, updated_at)
                VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?)""")
                .params(accountId, userId, fileName, storageKey, mapping, total, utc(now),
                        utc(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<ContactImport> find(long accountId, long id) {
        return jdbc.sql("SELECT * FROM contact_import WHERE id = ? AND account_id = ?").params(id, accountId)
                .query(ContactImportRepository::job).optional();
    }

    /** The account's imports, newest first, older than {@code beforeId} (null: from the newest). */
    List<ContactImport> list(long accountId, Long beforeId, int limit) {
        return jdbc.sql("""
                SELECT * FROM contact_import WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?""")
                .params(accountId, beforeId == null ? Long.MAX_VALUE : beforeId, limit)
                .query(ContactImportRepository::job).list();
    }

    /**
     * Claims the oldest job that waits, or whose claim expired (its node died): several nodes may ask at once,
     * SKIP LOCKED gives each a different one.
     */
    Optional<Claimed> claim(String owner, Instant now, Instant leaseUntil) {
        Optional<Long> id = jdbc.sql("""
                SELECT id FROM contact_import
                WHERE status = 'pending' OR (status = 'processing' AND lease_until < ?)
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(utc(now)).query(Long.class).optional();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("""
                UPDATE contact_import SET status = 'processing', lease_owner = ?, lease_until = ?, attempts = attempts + 1,
                    started_at = COALESCE(started_at, ?), updated_at = ?
                WHERE id = ?""")
                .params(owner, utc(leaseUntil), utc(now), utc(now), id.get())
                .update();
        return jdbc.sql("SELECT * FROM contact_import WHERE id = ?").param(id.get())
                .query((rs, n) -> new Claimed(job(rs, n), rs.getString("storage_key"), rs.getString("mapping"))).optional();
    }

    /**
     * Renews the claim at the start of a batch and locks the job row until the batch commits, so no other node
     * can claim it meanwhile. False when another node holds it now.
     */
    boolean renew(long id, String owner, Instant leaseUntil) {
        return jdbc.sql("""
                UPDATE contact_import SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'processing'""")
                .params(utc(leaseUntil), id, owner).update() == 1;
    }

    /** The batch's checkpoint and counters, in the batch's transaction. */
    void advance(long id, Progress p, Instant now) {
        jdbc.sql("""
                UPDATE contact_import SET processed_records = processed_records + ?, created_records = created_records + ?,
                    updated_records = updated_records + ?, unchanged_records = unchanged_records + ?,
                    failed_records = failed_records + ?, updated_at = ?
                WHERE id = ?""")
                .params(p.processed(), p.created(), p.updated(), p.unchanged(), p.failed(), utc(now), id)
                .update();
    }

    void errors(long importId, List<RowError> errors) {
        if (!errors.isEmpty()) {
            batch.batchUpdate("INSERT INTO contact_import_error (import_id, record_number, column_name, reason) VALUES (?, ?, ?, ?)",
                    errors.stream().map(e -> new Object[]{importId, e.row(), e.column(), e.reason()}).toList());
        }
    }

    void finish(long id, String owner, String status, String failure, Instant now) {
        jdbc.sql("""
                UPDATE contact_import SET status = ?, failure = ?, finished_at = ?, updated_at = ?, lease_owner = NULL,
                    lease_until = NULL
                WHERE id = ? AND lease_owner = ?""")
                .params(status, failure, utc(now), utc(now), id, owner).update();
    }

    /** Lets another attempt (on any node) take the job at once, after a failure that may pass. */
    void release(long id, String owner, String failure, Instant now) {
        jdbc.sql("""
                UPDATE contact_import SET lease_until = ?, failure = ?, updated_at = ? WHERE id = ? AND lease_owner = ?""")
                .params(utc(now), failure, utc(now), id, owner).update();
    }

    /** Deletes up to {@code limit} error rows of imports that finished before {@code before}; how many. */
    int deleteErrorsOfImportsFinishedBefore(Instant before, int limit) {
        return jdbc.sql("""
                DELETE FROM contact_import_error WHERE id IN (
                    SELECT e.id FROM contact_import_error e JOIN contact_import i ON i.id = e.import_id
                    WHERE i.finished_at < ? ORDER BY e.id LIMIT ?)""")
                .params(utc(before), limit).update();
    }

    /** The error rows of an import in order, in pages of {@code page} (memory stays bounded). */
    void eachError(long importId, int page, Consumer<List<RowError>> consumer) {
        long lastId = 0;
        while (true) {
            List<Object[]> rows = jdbc.sql("""
                    SELECT id, record_number, column_name, reason FROM contact_import_error
                    WHERE import_id = ? AND id > ? ORDER BY id LIMIT ?""")
                    .params(importId, lastId, page)
                    .query((rs, n) -> new Object[]{rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)}).list();
            if (rows.isEmpty()) {
                return;
            }
            consumer.accept(rows.stream().map(r -> new RowError((Long) r[1], (String) r[2], (String) r[3])).toList());
            if (rows.size() < page) {
                return;
            }
            lastId = (Long) rows.getLast()[0];
        }
    }

    private static ContactImport job(ResultSet rs, int n) throws SQLException {
        long user = rs.getLong("user_id");
        Long userId = rs.wasNull() ? null : user;
        return new ContactImport(rs.getLong("id"), rs.getLong("account_id"), userId, rs.getString("status"),
                rs.getString("file_name"), rs.getLong("total_records"), rs.getLong("processed_records"),
                rs.getLong("created_records"), rs.getLong("updated_records"), rs.getLong("unchanged_records"),
                rs.getLong("failed_records"), rs.getInt("attempts"), rs.getString("failure"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

}
