package dev.baton.report;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.baton.shared.SqlTimes.utc;

import dev.baton.report.ReportRepository.Scope;
import dev.baton.report.ReportRepository.Sum;
import dev.baton.report.Reports.Aggregate;
import dev.baton.report.Reports.Query;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The day and month sums (docs/adr/0050) change no figure: every report computed from them equals the same report
 * computed from the hours alone (the reading before them), for periods drawn in several zones, across DST changes,
 * in a half-hour zone and from instants that are not whole hours. Totals are multiples of a quarter, so that every
 * sum is exact in any order and the figures can be compared exactly.
 */
class ReportRollupIntegrationTests extends IntegrationTest {

    private static final Instant SEED_FROM = Instant.parse("2025-09-01T00:00:00Z");
    private static final Instant SEED_TO = Instant.parse("2027-01-15T00:00:00Z");
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Zurich"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe"));

    @Autowired
    ReportRepository repository;

    @Autowired
    ReportRollup rollup;

    @Autowired
    Reports reports;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    TransactionTemplate transactions;

    /** The reading before the day and month sums: every total from the hours whose start lies in the period. */
    static final class HoursOnly extends ReportRepository {
        private final JdbcClient jdbc;

        HoursOnly(JdbcClient jdbc) {
            super(jdbc, new org.springframework.core.env.StandardEnvironment()); // reads only: the database kind does not matter
            this.jdbc = jdbc;
        }

        private String where(Scope s, Map<String, Object> params) {
            params.put("account", s.accountId());
            params.put("from", utc(s.from()));
            params.put("to", utc(s.to()));
            return " WHERE account_id = :account AND hour_start >= :from AND hour_start < :to"
                    + (s.inboxId() == null ? "" : " AND inbox_id = " + s.inboxId())
                    + (s.teamId() == null ? "" : " AND team_id = " + s.teamId())
                    + (s.agentId() == null ? "" : " AND agent_id = " + s.agentId());
        }

        @Override
        Map<String, Sum> totals(Scope s) {
            Map<String, Object> params = new HashMap<>();
            Map<String, Sum> out = new HashMap<>();
            jdbc.sql("SELECT metric, SUM(n), SUM(total) FROM report_hourly" + where(s, params) + " GROUP BY metric")
                    .params(params).query(rs -> {
                        out.put(rs.getString(1), new Sum(rs.getLong(2), rs.getDouble(3)));
                    });
            return out;
        }

        @Override
        Map<Long, Map<String, Sum>> totalsPerAgent(Scope s) {
            Map<String, Object> params = new HashMap<>();
            Map<Long, Map<String, Sum>> out = new HashMap<>();
            jdbc.sql("SELECT agent_id, metric, SUM(n), SUM(total) FROM report_hourly" + where(s, params)
                            + " AND agent_id <> 0 GROUP BY agent_id, metric")
                    .params(params).query(rs -> {
                        out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                .put(rs.getString(2), new Sum(rs.getLong(3), rs.getDouble(4)));
                    });
            return out;
        }
    }

    /** A desk's facts at random instants over 16 months, in 3 inboxes, 3 teams (0: none) and 5 agents (0: none). */
    private long seed() {
        long account = fixtures.world().id();
        Random random = new Random(14);
        List<String> metrics = List.of(ReportIntake.CONVERSATIONS, ReportIntake.MESSAGES_SENT, ReportIntake.FIRST_RESPONSE,
                ReportIntake.RESOLUTIONS, ReportIntake.HANDOFFS, ReportIntake.SATISFACTION, ReportIntake.STATUS_PREFIX + "away");
        long span = SEED_TO.getEpochSecond() - SEED_FROM.getEpochSecond();
        for (int i = 0; i < 700; i++) {
            Instant at = SEED_FROM.plusSeconds((long) (random.nextDouble() * span));
            repository.add(account, metrics.get(random.nextInt(metrics.size())), at, 1L + random.nextInt(3),
                    (long) random.nextInt(3), (long) random.nextInt(5), 1 + random.nextInt(3), random.nextInt(40_000) / 4.0);
        }
        // and a fact in the hours just around every period's ends, where a bucket taken one hour too early or late shows
        for (ZoneId zone : ZONES) {
            for (Instant[] period : periods(zone)) {
                for (Instant end : period) {
                    for (int k = -2; k < 2; k++) {
                        repository.add(account, ReportIntake.CONVERSATIONS, end.plusSeconds(k * 1800L), 1L + random.nextInt(3),
                                (long) random.nextInt(3), (long) random.nextInt(5), 1, 0);
                    }
                }
            }
        }
        return account;
    }

    /** The seed, folded into the tables of sums (the hours-only reading and the migration read those alone). */
    private long folded() {
        long account = seed();
        rollup.foldAll();
        return account;
    }

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    /** Periods in the zone: a year of whole local days, DST changes, a day, a month, and instants off the hour. */
    private static List<Instant[]> periods(ZoneId zone) {
        List<Instant[]> periods = new ArrayList<>();
        periods.add(Reports.days(LocalDate.parse("2025-12-01"), LocalDate.parse("2026-11-30"), zone));
        periods.add(Reports.days(LocalDate.parse("2026-03-20"), LocalDate.parse("2026-04-10"), zone));
        periods.add(Reports.days(LocalDate.parse("2025-10-20"), LocalDate.parse("2025-11-10"), zone));
        periods.add(Reports.days(LocalDate.parse("2026-10-25"), LocalDate.parse("2026-10-25"), zone));
        periods.add(Reports.days(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-28"), zone));
        periods.add(Reports.days(LocalDate.parse("2025-09-01"), LocalDate.parse("2027-01-14"), zone));
        periods.add(new Instant[] {local("2025-11-15T07:13:22", zone), local("2026-06-03T19:59:59.500", zone)});
        periods.add(new Instant[] {local("2026-01-31T23:30", zone), local("2026-03-01T00:30", zone)});
        periods.add(new Instant[] {local("2026-05-05T10:00", zone), local("2026-05-05T10:00", zone)});
        return periods;
    }

    @Test
    void everyReportFromTheDayAndMonthSumsEqualsTheSameReportFromTheHours() {
        long account = folded();
        Reports fromHours = new Reports(new HoursOnly(jdbc), clock);
        Long[][] dimensions = {{null, null, null}, {2L, null, null}, {null, 1L, null}, {null, null, 3L}, {3L, 0L, 2L}};
        int compared = 0;
        for (ZoneId zone : ZONES) {
            for (Instant[] period : periods(zone)) {
                for (Long[] d : dimensions) {
                    Query q = new Query(account, period[0], period[1], zone, d[0], d[1], d[2]);
                    String what = zone + " " + Arrays.toString(period) + " " + Arrays.toString(d);
                    assertThat(reports.summary(q)).as(what).isEqualTo(fromHours.summary(q));
                    assertThat(reports.agents(q)).as(what).isEqualTo(fromHours.agents(q));
                    assertThat(reports.chatwootSummary(q)).as(what).isEqualTo(fromHours.chatwootSummary(q));
                    assertThat(reports.series(q, ReportIntake.MESSAGES_SENT, Aggregate.COUNT, "month")).as(what)
                            .isEqualTo(fromHours.series(q, ReportIntake.MESSAGES_SENT, Aggregate.COUNT, "month"));
                    assertThat(reports.heatmap(q, ReportIntake.CONVERSATIONS)).as(what)
                            .isEqualTo(fromHours.heatmap(q, ReportIntake.CONVERSATIONS));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(ZONES.size() * 9 * dimensions.length);
        // the seed is spread enough for the year to hold figures: equality of two empty reports would prove nothing
        Query year = new Query(account, periods(ZONES.get(1)).getFirst()[0], periods(ZONES.get(1)).getFirst()[1],
                ZONES.get(1), null, null, null);
        assertThat((long) reports.summary(year).get("messages_sent")).isGreaterThan(50);
        assertThat(repository.parts(year.from(), year.to())).extracting(ReportRepository.Part::bucket)
                .contains(ReportRepository.Bucket.MONTH, ReportRepository.Bucket.DAY);
    }

    /** The rows of a table of sums of the account, as (start, metric, inbox, team, agent) → n and total. */
    private Map<String, String> rows(long account, ReportRepository.Bucket bucket) {
        Map<String, String> out = new HashMap<>();
        jdbc.sql("SELECT " + bucket.column + ", metric, inbox_id, team_id, agent_id, n, total FROM " + bucket.table
                        + " WHERE account_id = ?").param(account)
                .query(rs -> {
                    out.put(rs.getObject(1, java.time.OffsetDateTime.class).toInstant() + " " + rs.getString(2) + " "
                            + rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5), rs.getLong(6) + " " + rs.getDouble(7));
                });
        return out;
    }

    @Test
    void theMigrationFillsTheDayAndMonthSumsAsTheIntakeWritesThem() throws IOException {
        long account = folded();
        Map<String, String> daily = rows(account, ReportRepository.Bucket.DAY);
        Map<String, String> monthly = rows(account, ReportRepository.Bucket.MONTH);
        assertThat(daily).hasSizeGreaterThan(300);
        String vendor = TestDatabase.isPostgres() ? "postgresql" : "h2";
        String script = new ClassPathResource("db/migration/" + vendor + "/V121__report_daily_and_monthly_filled.sql")
                .getContentAsString(StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("DELETE FROM report_daily").update();
            jdbc.sql("DELETE FROM report_monthly").update();
            for (String statement : script.split(";")) {
                if (!statement.isBlank()) {
                    jdbc.sql(statement).update();
                }
            }
        });
        assertThat(rows(account, ReportRepository.Bucket.DAY)).isEqualTo(daily);
        assertThat(rows(account, ReportRepository.Bucket.MONTH)).isEqualTo(monthly);
    }

    @Test
    void reportsCountTheDeltasNoFoldHasAddedYetAndAFoldChangesNoFigure() {
        long account = fixtures.world().id();
        Instant at = Instant.parse("2026-03-10T10:15:00Z");
        Query day = new Query(account, Instant.parse("2026-03-10T00:00:00Z"), Instant.parse("2026-03-11T00:00:00Z"),
                ZoneId.of("UTC"), null, null, null);
        Query year = new Query(account, Instant.parse("2025-06-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"),
                ZoneId.of("UTC"), null, null, null);
        rollup.foldAll();
        // written in one transaction, as the intake does: nothing is folded before it commits
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 3; i++) {
                repository.add(account, ReportIntake.MESSAGES_SENT, at, 1L, null, 7L, 1, 0);
            }
            repository.add(account, ReportIntake.FIRST_RESPONSE, at, 1L, null, 7L, 1, 12.5);
        });
        var before = List.of(reports.summary(day), reports.summary(year), reports.agents(year),
                reports.series(day, ReportIntake.MESSAGES_SENT, Aggregate.COUNT, "hour"));
        assertThat((long) reports.summary(year).get("messages_sent")).isEqualTo(3);
        rollup.foldAll();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_delta WHERE account_id = ?").param(account).query(Long.class)
                .single()).isZero();
        assertThat(List.of(reports.summary(day), reports.summary(year), reports.agents(year),
                reports.series(day, ReportIntake.MESSAGES_SENT, Aggregate.COUNT, "hour"))).isEqualTo(before);
        assertThat(rows(account, ReportRepository.Bucket.HOUR)).containsEntry(
                "2026-03-10T10:00:00Z messages_sent 1 0 7", "3 0.0");
    }
}
