package dev.baton.conversation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * H2's trigger keeping {@code conversation_count} (migration V110, docs/adr/0044), called by H2 for every inserted,
 * updated or deleted conversation row in the transaction that writes it; PostgreSQL runs the same rules as
 * {@code conversation_count_apply()} (postgresql/V111). Public only because H2 instantiates it by name.
 */
public final class ConversationCountTrigger implements Trigger {

    private static final String[] COLUMNS = {"account_id", "status", "owner", "inbox_id", "team_id", "assignee_id", "unread_count"};
    private static final String UPDATE = """
            UPDATE conversation_count SET n = n + ? WHERE account_id = ? AND status = ? AND bot = ? AND inbox_id = ?
                AND team_id = ? AND assignee_id = ? AND unread = ? AND slot = ?""";
    private static final String INSERT = """
            INSERT INTO conversation_count (n, account_id, status, bot, inbox_id, team_id, assignee_id, unread, slot)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final int[] index = new int[COLUMNS.length];

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        positions(conn, schemaName, tableName, COLUMNS, index);
    }

    /** The positions of {@code columns} in the rows H2 gives a trigger on {@code tableName}, into {@code index}. */
    static void positions(Connection conn, String schemaName, String tableName, String[] columns, int[] index)
            throws SQLException {
        Map<String, Integer> positions = new HashMap<>();
        try (ResultSet rs = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
            while (rs.next()) {
                positions.put(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rs.getInt("ORDINAL_POSITION") - 1);
            }
        }
        for (int i = 0; i < columns.length; i++) {
            Integer p = positions.get(columns[i]);
            if (p == null) {
                throw new SQLException(tableName + " has no column " + columns[i]);
            }
            index[i] = p;
        }
    }

    /** The bucket a row counts in: account, status, bot, inbox, team (0: none), assignee (0: none), unread. */
    private Object[] bucket(Object[] row) {
        return new Object[] {
            ((Number) row[index[0]]).longValue(), row[index[1]], "bot".equals(row[index[2]]), ((Number) row[index[3]]).longValue(),
            row[index[4]] == null ? 0L : ((Number) row[index[4]]).longValue(),
            row[index[5]] == null ? 0L : ((Number) row[index[5]]).longValue(), ((Number) row[index[6]]).intValue() > 0};
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        move(conn, UPDATE, INSERT, oldRow == null ? null : bucket(oldRow), newRow == null ? null : bucket(newRow));
    }

    /**
     * A row moved from bucket {@code before} to {@code after} (either null: inserted or deleted): one less in the
     * first, one more in the second, in this thread's slot. {@code update} and {@code insert} take the delta, then
     * the bucket's values, then the slot.
     */
    static void move(Connection conn, String update, String insert, Object[] before, Object[] after) throws SQLException {
        if (before != null && after != null && java.util.Arrays.equals(before, after)) {
            return;
        }
        int slot = (int) (Thread.currentThread().threadId() % 16);
        if (before != null) {
            add(conn, update, insert, before, slot, -1);
        }
        if (after != null) {
            add(conn, update, insert, after, slot, 1);
        }
    }

    private static void add(Connection conn, String update, String insert, Object[] bucket, int slot, long delta)
            throws SQLException {
        if (execute(conn, update, bucket, slot, delta) > 0) {
            return;
        }
        try {
            execute(conn, insert, bucket, slot, delta);
        } catch (SQLException duplicate) {
            // another session inserted the same slot's row first: add to it
            if (execute(conn, update, bucket, slot, delta) == 0) {
                throw duplicate;
            }
        }
    }

    private static int execute(Connection conn, String sql, Object[] bucket, int slot, long delta) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, delta);
            for (int i = 0; i < bucket.length; i++) {
                ps.setObject(i + 2, Objects.requireNonNull(bucket[i]));
            }
            ps.setInt(bucket.length + 2, slot);
            return ps.executeUpdate();
        }
    }
}
