package dev.baton.report;

import static dev.baton.shared.SqlTimes.utc;
import static dev.baton.shared.SqlTimes.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The report tables: facts taken in once, the counts not folded yet, the sums, and the intake's bookkeeping. */
@Repository
class ReportRepository {

    /** A fact as it enters: its key makes it count once. */
    record Fact(long accountId, String key, String name, Double valueSeconds, Long conversationId, Long inboxId,
                Long teamId, Long userId, Instant start, Instant end) {
    }

    /** One response clock: a first response due since {@code startedAt}. */
    record Clock(long conversationId, long startSeq, long accountId, long inboxId, Long teamId, String kind,
                 Instant startedAt, boolean answered) {
    }

    /** Which rows of the hourly sums a report reads: a period and optional dimensions. */
    record Scope(long accountId, Instant from, Instant to, Long inboxId, Long teamId, Long agentId) {
    }

    /** A metric's count and sum (seconds, or ratings) over some scope. */
    record Sum(long n, double total) {
        static final Sum ZERO = new Sum(0, 0);

        Double average() {
            return n == 0 ? null : Math.round(total / n * 10) / 10.0;
        }
    }

    private final JdbcClient jdbc;
    /** H2 (the embedded database) has no data-modifying CTE: {@link #recordAndAdd} takes two statements there. */
    private final boolean embedded;

    ReportRepository(JdbcClient jdbc, Environment environment) {
        this.jdbc = jdbc;
        this.embedded = environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
    }

    /** Records a fact; false when it was recorded before (a reaction that runs again). */
    boolean record(Fact f, Instant now) {
        return jdbc.sql("INSERT INTO report_event " + FACT_COLUMNS + " VALUES " + FACT_VALUES + " ON CONFLICT DO NOTHING")
                .params(factParams(f, now)).update() == 1;
    }

    /**
     * Counts {@code n} and {@code total} for the hour of {@code at} (docs/adr/0059): one row appended to
     * {@code report_delta}, insert-only, in the caller's transaction. No row of the sums is locked, so writers never
     * wait for each other; {@link ReportRollup} adds the row to its hour, UTC day and UTC month later, and reports
     * read the rows not yet added as well.
     */
    void add(long accountId, String metric, Instant at, Long inboxId, Long teamId, Long agentId, long n, double total) {
        jdbc.sql("INSERT INTO report_delta " + DELTA_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(deltaParams(accountId, metric, at, inboxId, teamId, agentId, n, total)).update();
    }

    /**
     * {@link #record} and, only when the fact entered, {@link #add} of its one delta: on PostgreSQL one statement (a
     * data-modifying CTE), so a counted message costs one round trip instead of two (docs/adr/0070); H2 has no
     * data-modifying CTE and takes the two statements. False when the fact was recorded before.
     */
    boolean recordAndAdd(Fact f, Instant now, String metric, Instant at, Long inboxId, Long teamId, Long agentId, long n,
                         double total) {
        if (embedded) {
            if (!record(f, now)) {
                return false;
            }
            add(f.accountId(), metric, at, inboxId, teamId, agentId, n, total);
            return true;
        }
        List<Object> params = new ArrayList<>(factParams(f, now));
        params.addAll(deltaParams(f.accountId(), metric, at, inboxId, teamId, agentId, n, total).subList(1, 8));
        return jdbc.sql("WITH fact AS (INSERT INTO report_event " + FACT_COLUMNS + " VALUES " + FACT_VALUES
                        + " ON CONFLICT DO NOTHING RETURNING account_id) INSERT INTO report_delta " + DELTA_COLUMNS
                        + " SELECT account_id, ?, ?, ?, ?, ?, ?, ? FROM fact")
                .params(params).update() == 1;
    }

    private static final String FACT_COLUMNS = """
            (account_id, fact_key, name, value_seconds, conversation_id, inbox_id, team_id, user_id, event_start_time,
             event_end_time, created_at)""";
    private static final String FACT_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELTA_COLUMNS = "(account_id, hour_start, metric, inbox_id, team_id, agent_id, n, total)";

    private static List<Object> factParams(Fact f, Instant now) {
        return java.util.Arrays.asList(f.accountId(), f.key(), f.name(), f.valueSeconds(), f.conversationId(), f.inboxId(),
                f.teamId(), f.userId(), utc(f.start()), utc(f.end()), utc(now));
    }

    private static List<Object> deltaParams(long accountId, String metric, Instant at, Long inboxId, Long teamId, Long agentId,
                                            long n, double total) {
        return List.of(accountId, utc(at.truncatedTo(ChronoUnit.HOURS)), metric, inboxId == null ? 0L : inboxId,
                teamId == null ? 0L : teamId, agentId == null ? 0L : agentId, n, total);
    }

    /** One key of the sums: an account's metric in an hour (or day, or month), per inbox, team and agent (0: none). */
    record Key(long accountId, Instant hour, String metric, long inboxId, long teamId, long agentId) {
    }

    /** Deltas taken for folding: their ids, and their sums per key. */
    record Taken(List<Long> ids, Map<Key, Sum> sums) {
    }

    /**
     * Takes up to {@code limit} of the oldest deltas, locked until the caller's transaction ends, summed per key.
     * A fold on another node that runs at the same time skips them ({@code SKIP LOCKED}); with {@code wait}, this
     * one waits for those instead (and does not get the ones that fold deleted).
     */
    Taken takeDeltas(int limit, boolean wait) {
        List<Long> ids = new ArrayList<>();
        Map<Key, Sum> sums = new HashMap<>();
        jdbc.sql("SELECT id, account_id, hour_start, metric, inbox_id, team_id, agent_id, n, total FROM report_delta"
                + " ORDER BY id LIMIT ? FOR UPDATE" + (wait ? "" : " SKIP LOCKED")).param(limit).query(rs -> {
            ids.add(rs.getLong(1));
            Key key = new Key(rs.getLong(2), instant(rs, "hour_start"), rs.getString(4), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7));
            sums.merge(key, new Sum(rs.getLong(8), rs.getDouble(9)), (x, y) -> new Sum(x.n() + y.n(), x.total() + y.total()));
        });
        return new Taken(ids, sums);
    }

    boolean hasDeltas() {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT id FROM report_delta LIMIT 1) d").query(Long.class)
                .single() > 0;
    }

    /** Deletes deltas by id (the ones this transaction took). */
    int deleteDeltas(List<Long> ids) {
        int deleted = 0;
        for (int from = 0; from < ids.size(); from += 500) {
            deleted += jdbc.sql("DELETE FROM report_delta WHERE id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 500))).update();
        }
        return deleted;
    }

    /**
     * Adds a sum to one row of a table of sums ({@code key.hour()} is the row's hour, UTC day or UTC month start,
     * docs/adr/0050): created empty if missing, then updated under its lock. Only folds write these rows.
     */
    void addToSums(Bucket bucket, Key key, Sum sum) {
        OffsetDateTime start = utc(key.hour());
        jdbc.sql("INSERT INTO " + bucket.table + " (account_id, metric, " + bucket.column
                        + ", inbox_id, team_id, agent_id, n, total) VALUES (?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT DO NOTHING")
                .params(key.accountId(), key.metric(), start, key.inboxId(), key.teamId(), key.agentId()).update();
        jdbc.sql("UPDATE " + bucket.table + " SET n = n + ?, total = total + ? WHERE account_id = ? AND metric = ? AND "
                        + bucket.column + " = ? AND inbox_id = ? AND team_id = ? AND agent_id = ?")
                .params(sum.n(), sum.total(), key.accountId(), key.metric(), start, key.inboxId(), key.teamId(),
                        key.agentId()).update();
    }

    // ---- bookkeeping of the intake

    void startSegment(long accountId, long conversationId, long seq, Instant at) {
        jdbc.sql("""
                INSERT INTO report_segment (conversation_id, start_seq, account_id, started_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""").params(conversationId, seq, accountId, utc(at)).update();
    }

    /** The stretch a transition at {@code seq} belongs to: the latest start before it. */
    Optional<Map.Entry<Long, Instant>> segmentBefore(long conversationId, long seq) {
        return jdbc.sql("""
                SELECT start_seq, started_at FROM report_segment WHERE conversation_id = ? AND start_seq < ?
                ORDER BY start_seq DESC LIMIT 1""").params(conversationId, seq)
                .query((rs, row) -> Map.entry(rs.getLong(1), instant(rs, "started_at"))).optional();
    }

    void startClock(Clock c) {
        jdbc.sql("""
                INSERT INTO report_response_clock (conversation_id, start_seq, account_id, inbox_id, team_id, kind, started_at,
                    answered) VALUES (?, ?, ?, ?, ?, ?, ?, FALSE) ON CONFLICT DO NOTHING""")
                .params(c.conversationId(), c.startSeq(), c.accountId(), c.inboxId(), c.teamId(), c.kind(), utc(c.startedAt()))
                .update();
    }

    /** The conversation's clocks in order, locked: one intake settles them at a time. */
    List<Clock> lockClocks(long conversationId) {
        return jdbc.sql("SELECT * FROM report_response_clock WHERE conversation_id = ? ORDER BY start_seq FOR UPDATE")
                .param(conversationId)
                .query((rs, row) -> {
                    long team = rs.getLong("team_id");
                    Long teamId = rs.wasNull() ? null : team;
                    return new Clock(rs.getLong("conversation_id"), rs.getLong("start_seq"), rs.getLong("account_id"),
                            rs.getLong("inbox_id"), teamId, rs.getString("kind"), instant(rs, "started_at"),
                            rs.getBoolean("answered"));
                }).list();
    }

    void answered(long conversationId, long startSeq) {
        jdbc.sql("UPDATE report_response_clock SET answered = TRUE WHERE conversation_id = ? AND start_seq = ?")
                .params(conversationId, startSeq).update();
    }

    /** Whether an agent took the conversation between two entries of its log (exclusive). */
    boolean acceptedBetween(long conversationId, long afterSeq, long beforeSeq) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM report_response_clock WHERE conversation_id = ? AND kind = 'accepted'
                  AND start_seq > ? AND start_seq < ?""").params(conversationId, afterSeq, beforeSeq)
                .query(Long.class).single() > 0;
    }

    /** The agent's status since when, locked (inserted first when missing). */
    Optional<Map.Entry<String, Instant>> lockAgentStatus(long accountId, long userId) {
        return jdbc.sql("SELECT status, since FROM report_agent_status WHERE account_id = ? AND user_id = ? FOR UPDATE")
                .params(accountId, userId).query((rs, row) -> Map.entry(rs.getString(1), instant(rs, "since"))).optional();
    }

    void setAgentStatus(long accountId, long userId, String status, Instant since) {
        jdbc.sql("""
                INSERT INTO report_agent_status (account_id, user_id, status, since) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""").params(accountId, userId, status, utc(since)).update();
        jdbc.sql("UPDATE report_agent_status SET status = ?, since = ? WHERE account_id = ? AND user_id = ?")
                .params(status, utc(since), accountId, userId).update();
    }

    /** Every agent's current status since when (for the time not yet added up). */
    List<Map.Entry<Long, Map.Entry<String, Instant>>> agentStatuses(long accountId, Long agentId) {
        String sql = "SELECT user_id, status, since FROM report_agent_status WHERE account_id = :a"
                + (agentId == null ? "" : " AND user_id = :u");
        var spec = jdbc.sql(sql).param("a", accountId);
        if (agentId != null) {
            spec = spec.param("u", agentId);
        }
        return spec.query((rs, row) -> Map.entry(rs.getLong(1), Map.entry(rs.getString(2), instant(rs, "since")))).list();
    }

    /** The agent who last had the conversation, as the facts taken in so far say. */
    Optional<Long> lastAgent(long conversationId) {
        return jdbc.sql("""
                SELECT user_id FROM report_event WHERE conversation_id = ? AND user_id IS NOT NULL
                  AND name IN ('conversation_resolved', 'first_response', 'queue_wait', 'message_sent')
                ORDER BY event_end_time DESC, id DESC LIMIT 1""").param(conversationId).query(Long.class).optional();
    }

    // ---- reading

    /** The tables of sums, finest first: the same keys per UTC hour, day and month. */
    enum Bucket {
        HOUR("report_hourly", "hour_start"), DAY("report_daily", "day_start"), MONTH("report_monthly", "month_start");

        final String table;
        final String column;

        Bucket(String table, String column) {
            this.table = table;
            this.column = column;
        }
    }

    /** The rows of one table of sums whose start lies in [from, to); empty when from equals to. */
    record Part(Bucket bucket, Instant from, Instant to) {
    }

    /**
     * The hours whose start lies in [from, to), as five ranges in order: edge hours, edge days, whole months, edge
     * days, edge hours (docs/adr/0050). A day or month is read from its own table only when all its hours are in
     * the period, so the sums are those of the hours whatever the zone the period was drawn in (Asia/Kolkata's
     * midnight falls at half past a UTC hour: its edges are simply hours).
     */
    static List<Part> parts(Instant from, Instant to) {
        Instant firstHour = ceil(from, ChronoUnit.HOURS);
        Instant endHour = ceil(to, ChronoUnit.HOURS);
        if (endHour.isBefore(firstHour)) {
            endHour = firstHour;
        }
        Instant firstDay = ceil(firstHour, ChronoUnit.DAYS);
        Instant endDay = endHour.truncatedTo(ChronoUnit.DAYS);
        if (!firstDay.isBefore(endDay)) {
            firstDay = endHour;
            endDay = endHour;
        }
        Instant firstMonth = monthCeil(firstDay);
        Instant endMonth = monthFloor(endDay);
        if (!firstMonth.isBefore(endMonth)) {
            firstMonth = endDay;
            endMonth = endDay;
        }
        return List.of(new Part(Bucket.HOUR, firstHour, firstDay), new Part(Bucket.DAY, firstDay, firstMonth),
                new Part(Bucket.MONTH, firstMonth, endMonth), new Part(Bucket.DAY, endMonth, endDay),
                new Part(Bucket.HOUR, endDay, endHour));
    }

    private static Instant ceil(Instant at, ChronoUnit unit) {
        Instant floor = at.truncatedTo(unit);
        return floor.equals(at) ? at : floor.plus(1, unit);
    }

    private static Instant monthFloor(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Instant monthCeil(Instant at) {
        Instant floor = monthFloor(at);
        return floor.equals(at) ? at : floor.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
    }

    /** The dimensions of a scope as a condition on any of the tables of sums. */
    private static String dimensions(Scope s, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder();
        params.put("account", s.accountId());
        if (s.inboxId() != null) {
            sql.append(" AND inbox_id = :inbox");
            params.put("inbox", s.inboxId());
        }
        if (s.teamId() != null) {
            sql.append(" AND team_id = :team");
            params.put("team", s.teamId());
        }
        if (s.agentId() != null) {
            sql.append(" AND agent_id = :agent");
            params.put("agent", s.agentId());
        }
        return sql.toString();
    }

    private static String where(Scope s, Map<String, Object> params) {
        params.put("from", utc(s.from()));
        params.put("to", utc(s.to()));
        return " WHERE account_id = :account AND hour_start >= :from AND hour_start < :to" + dimensions(s, params);
    }

    /**
     * The scope's rows of every table of sums, as columns {@code agent_id, metric, n, total}: the five parts of
     * {@link #parts} in one statement of index ranges (always five, so that it is one statement to prepare, and one
     * whose plan does not depend on how many rows the period holds: a generic plan is as good as a custom one),
     * then the period's hours of {@code report_delta}, the counts no fold has added yet.
     */
    private static String summed(Scope s, String condition, Map<String, Object> params) {
        String dimensions = dimensions(s, params) + condition;
        List<Part> parts = parts(s.from(), s.to());
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT agent_id, metric, n, total FROM ").append(part.bucket().table)
                    .append(" WHERE account_id = :account AND ").append(part.bucket().column).append(" >= :from").append(i)
                    .append(" AND ").append(part.bucket().column).append(" < :to").append(i).append(dimensions);
            params.put("from" + i, utc(part.from()));
            params.put("to" + i, utc(part.to()));
        }
        // and the counts not folded yet, by their hours (docs/adr/0059): the same statement sees a fold whole or not
        sql.append(" UNION ALL SELECT agent_id, metric, n, total FROM report_delta WHERE account_id = :account AND hour_start >= :from")
                .append(parts.size()).append(" AND hour_start < :to").append(parts.size()).append(dimensions);
        params.put("from" + parts.size(), utc(parts.getFirst().from()));
        params.put("to" + parts.size(), utc(parts.getLast().to()));
        return sql.toString();
    }

    /** Every metric's sum over the scope. */
    Map<String, Sum> totals(Scope s) {
        Map<String, Object> params = new HashMap<>();
        String sql = "SELECT metric, SUM(n) AS n, SUM(total) AS total FROM (" + summed(s, "", params) + ") r GROUP BY metric";
        Map<String, Sum> out = new HashMap<>();
        jdbc.sql(sql).params(params).query((rs, row) -> Map.entry(rs.getString(1), new Sum(rs.getLong(2), rs.getDouble(3))))
                .list().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Every metric's sum per agent over the scope (agent 0, none, left out). */
    Map<Long, Map<String, Sum>> totalsPerAgent(Scope s) {
        Map<String, Object> params = new HashMap<>();
        String sql = "SELECT agent_id, metric, SUM(n) AS n, SUM(total) AS total FROM (" + summed(s, " AND agent_id <> 0", params)
                + ") r GROUP BY agent_id, metric";
        Map<Long, Map<String, Sum>> out = new HashMap<>();
        jdbc.sql(sql).params(params).query((rs, row) -> {
            out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), new Sum(rs.getLong(3), rs.getDouble(4)));
            return 0;
        }).list();
        return out;
    }

    /** One metric's hourly sums over the scope, oldest first (at most one row per hour). */
    List<Map.Entry<Instant, Sum>> hours(Scope s, String metric) {
        Map<String, Object> params = new HashMap<>();
        params.put("metric", metric);
        String condition = where(s, params) + " AND metric = :metric";
        String sql = "SELECT hour_start, SUM(n) AS n, SUM(total) AS total FROM (SELECT hour_start, n, total FROM report_hourly"
                + condition + " UNION ALL SELECT hour_start, n, total FROM report_delta" + condition
                + ") r GROUP BY hour_start ORDER BY hour_start";
        return new ArrayList<>(jdbc.sql(sql).params(params)
                .query((rs, row) -> Map.entry(instant(rs, "hour_start"), new Sum(rs.getLong(2), rs.getDouble(3)))).list());
    }

    /** Chatwoot's reporting events of the account, newest first, keyset-paged by id. */
    List<Map<String, Object>> events(long accountId, Instant from, Instant to, Long inboxId, Long userId, Long conversationId,
                                     String name, Long beforeId, int limit) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM report_event WHERE account_id = :account");
        params.put("account", accountId);
        if (from != null) {
            sql.append(" AND event_end_time >= :from");
            params.put("from", utc(from));
        }
        if (to != null) {
            sql.append(" AND event_end_time < :to");
            params.put("to", utc(to));
        }
        if (inboxId != null) {
            sql.append(" AND inbox_id = :inbox");
            params.put("inbox", inboxId);
        }
        if (userId != null) {
            sql.append(" AND user_id = :user");
            params.put("user", userId);
        }
        if (conversationId != null) {
            sql.append(" AND conversation_id = :conversation");
            params.put("conversation", conversationId);
        }
        if (name != null) {
            sql.append(" AND name = :name");
            params.put("name", name);
        } else {
            sql.append(" AND value_seconds IS NOT NULL");
        }
        if (beforeId != null) {
            sql.append(" AND id < :before");
            params.put("before", beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, row) -> {
            Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("id", rs.getLong("id"));
            e.put("name", rs.getString("name"));
            double value = rs.getDouble("value_seconds");
            e.put("value", rs.wasNull() ? null : value);
            e.put("value_in_business_hours", null);
            e.put("event_start_time", instantText(instant(rs, "event_start_time")));
            e.put("event_end_time", instantText(instant(rs, "event_end_time")));
            e.put("account_id", rs.getLong("account_id"));
            e.put("conversation_id", nullableLong(rs, "conversation_id"));
            e.put("inbox_id", nullableLong(rs, "inbox_id"));
            e.put("user_id", nullableLong(rs, "user_id"));
            e.put("created_at", instantText(instant(rs, "created_at")));
            e.put("updated_at", instantText(instant(rs, "created_at")));
            return e;
        }).list();
    }

    private static String instantText(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
