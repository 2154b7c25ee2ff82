package dev.baton.conversation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.h2.api.Trigger;

/**
 * H2's trigger keeping {@code conversation_day} (h2/V135, docs/adr/0067) in the transaction that writes a conversation:
 * the conversations of each tab bucket (account, status, bot, inbox) per UTC day of their last activity. PostgreSQL runs
 * the same rules in {@code conversation_day_add()} (postgresql/V135). Public only because H2 instantiates it by name.
 */
public final class ConversationDayTrigger implements Trigger {

    private static final String[] COLUMNS = {"account_id", "status", "owner", "inbox_id", "last_activity_at"};
    private static final String UPDATE = """
            UPDATE conversation_day SET n = n + ? WHERE account_id = ? AND status = ? AND bot = ? AND inbox_id = ?
                AND activity_day = ? AND slot = ?""";
    private static final String INSERT = """
            INSERT INTO conversation_day (n, account_id, status, bot, inbox_id, activity_day, slot) VALUES (?, ?, ?, ?, ?, ?, ?)""";

    private final int[] index = new int[COLUMNS.length];

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        ConversationCountTrigger.positions(conn, schemaName, tableName, COLUMNS, index);
    }

    /** The bucket a row counts in: account, status, bot, inbox, day. */
    private Object[] bucket(Object[] row) throws SQLException {
        return new Object[] {((Number) row[index[0]]).longValue(), row[index[1]], "bot".equals(row[index[2]]),
            ((Number) row[index[3]]).longValue(), day(row[index[4]])};
    }

    /** Whole UTC days since 1970-01-01, as PostgreSQL's {@code FLOOR(EXTRACT(EPOCH FROM t) / 86400)}. */
    static long day(Object time) throws SQLException {
        long seconds = switch (time) {
            case OffsetDateTime t -> t.toEpochSecond();
            case ZonedDateTime t -> t.toEpochSecond();
            case java.time.Instant t -> t.getEpochSecond();
            case java.time.LocalDateTime t -> t.toEpochSecond(ZoneOffset.UTC);
            case java.sql.Timestamp t -> Math.floorDiv(t.getTime(), 1000L);
            case null, default -> throw new SQLException("last_activity_at is not a time: " + time);
        };
        return Math.floorDiv(seconds, 86_400L);
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        ConversationCountTrigger.move(conn, UPDATE, INSERT, oldRow == null ? null : bucket(oldRow),
                newRow == null ? null : bucket(newRow));
    }
}
