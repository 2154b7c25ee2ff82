package dev.baton.report;

import static dev.baton.report.ReportIntake.BOT_CONVERSATIONS;
import static dev.baton.report.ReportIntake.BOT_RESOLVED;
import static dev.baton.report.ReportIntake.CONVERSATIONS;
import static dev.baton.report.ReportIntake.DECLINED_OFFERS;
import static dev.baton.report.ReportIntake.FIRST_RESPONSE;
import static dev.baton.report.ReportIntake.HANDOFFS;
import static dev.baton.report.ReportIntake.HANDOFF_PREFIX;
import static dev.baton.report.ReportIntake.MESSAGES_RECEIVED;
import static dev.baton.report.ReportIntake.MESSAGES_SENT;
import static dev.baton.report.ReportIntake.MISSED_OFFERS;
import static dev.baton.report.ReportIntake.QUEUE_WAIT;
import static dev.baton.report.ReportIntake.RESOLUTIONS;
import static dev.baton.report.ReportIntake.SATISFACTION;
import static dev.baton.report.ReportIntake.STATUS_PREFIX;
import static dev.baton.report.ReportIntake.TIME_TO_ACCEPT;

import dev.baton.report.ReportRepository.Scope;
import dev.baton.report.ReportRepository.Sum;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The figures of a period, read from the hourly sums (docs/reports.md): whatever the number of messages, a
 * year is at most 8,784 rows per metric and dimension.
 */
@Component
class Reports {

    /** The exact outcomes of a handoff, in the order reports show them. */
    static final List<String> OUTCOMES = List.of("handled", "declined", "no_agent", "closed", "visitor_left", "bot_unavailable");
    static final List<String> STATUSES = List.of("available", "away", "rona", "offline");

    /** A report's question: the period [from, to) and the zone its days and hours are read in; dimensions optional. */
    record Query(long accountId, Instant from, Instant to, ZoneId zone, Long inboxId, Long teamId, Long agentId) {
        Scope scope() {
            return new Scope(accountId, from, to, inboxId, teamId, agentId);
        }

        Scope scope(Instant newFrom, Instant newTo) {
            return new Scope(accountId, newFrom, newTo, inboxId, teamId, agentId);
        }
    }

    private final ReportRepository repository;
    private final Clock clock;

    Reports(ReportRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    Map<String, Object> summary(Query q) {
        Map<String, Sum> t = repository.totals(q.scope());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", q.from().getEpochSecond());
        out.put("until", q.to().getEpochSecond());
        out.put("timezone", q.zone().getId());
        out.put("conversations", count(t, CONVERSATIONS));
        long botConversations = count(t, BOT_CONVERSATIONS);
        long botResolved = count(t, BOT_RESOLVED);
        Map<String, Object> bot = new LinkedHashMap<>();
        bot.put("conversations", botConversations);
        bot.put("resolved_without_person", botResolved);
        bot.put("containment_rate", botConversations == 0 ? null : Math.round(1000.0 * botResolved / botConversations) / 1000.0);
        out.put("bot", bot);
        Map<String, Object> handoffs = new LinkedHashMap<>();
        handoffs.put("total", count(t, HANDOFFS));
        for (String outcome : OUTCOMES) {
            handoffs.put(outcome, count(t, HANDOFF_PREFIX + outcome));
        }
        out.put("handoffs", handoffs);
        out.put("queue_wait", timing(t, QUEUE_WAIT));
        out.put("time_to_accept", timing(t, TIME_TO_ACCEPT));
        out.put("first_response", timing(t, FIRST_RESPONSE));
        out.put("resolution", timing(t, RESOLUTIONS));
        out.put("missed_offers", count(t, MISSED_OFFERS));
        out.put("declined_offers", count(t, DECLINED_OFFERS));
        out.put("messages_received", count(t, MESSAGES_RECEIVED));
        out.put("messages_sent", count(t, MESSAGES_SENT));
        out.put("satisfaction", satisfaction(t));
        out.put("agent_status_seconds", statusSeconds(q, t));
        return out;
    }

    /** The survey's ratings: how many, their average (1 to 5) and how many of each. */
    private static Map<String, Object> satisfaction(Map<String, Sum> t) {
        Map<String, Object> out = new LinkedHashMap<>();
        Sum s = sum(t, SATISFACTION);
        out.put("count", s.n());
        out.put("average", s.n() == 0 ? null : Math.round(s.total() / s.n() * 100) / 100.0);
        Map<String, Long> ratings = new LinkedHashMap<>();
        for (int r = 1; r <= 5; r++) {
            ratings.put(String.valueOf(r), count(t, SATISFACTION + "_" + r));
        }
        out.put("ratings", ratings);
        return out;
    }

    /** One row per agent who did anything in the period (or was in a status). */
    List<Map<String, Object>> agents(Query q) {
        Map<Long, Map<String, Sum>> per = new TreeMap<>(repository.totalsPerAgent(q.scope()));
        for (var status : repository.agentStatuses(q.accountId(), q.agentId())) {
            per.computeIfAbsent(status.getKey(), k -> new java.util.HashMap<>());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        per.forEach((agent, t) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("agent_id", agent);
            row.put("handoffs_handled", count(t, HANDOFF_PREFIX + "handled"));
            row.put("messages_sent", count(t, MESSAGES_SENT));
            row.put("resolutions", count(t, RESOLUTIONS));
            row.put("avg_first_response_seconds", sum(t, FIRST_RESPONSE).average());
            row.put("avg_resolution_seconds", sum(t, RESOLUTIONS).average());
            row.put("avg_time_to_accept_seconds", sum(t, TIME_TO_ACCEPT).average());
            row.put("missed_offers", count(t, MISSED_OFFERS));
            row.put("declined_offers", count(t, DECLINED_OFFERS));
            Sum rated = sum(t, SATISFACTION);
            row.put("satisfaction_count", rated.n());
            row.put("avg_satisfaction", rated.n() == 0 ? null : Math.round(rated.total() / rated.n() * 100) / 100.0);
            Map<String, Object> status = statusSeconds(new Query(q.accountId(), q.from(), q.to(), q.zone(), null, null, agent), t);
            row.put("agent_status_seconds", status);
            rows.add(row);
        });
        return rows;
    }

    /** Conversations started per local weekday (Monday first) and hour: 7 rows of 24. */
    Map<String, Object> heatmap(Query q, String metric) {
        long[][] cells = new long[7][24];
        for (var hour : repository.hours(q.scope(), metric)) {
            ZonedDateTime local = hour.getKey().atZone(q.zone());
            cells[local.getDayOfWeek().getValue() - 1][local.getHour()] += hour.getValue().n();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            List<Long> hours = new ArrayList<>(24);
            for (long cell : cells[day.getValue() - 1]) {
                hours.add(cell);
            }
            rows.add(Map.of("day", day.name().toLowerCase(java.util.Locale.ROOT), "hours", hours));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timezone", q.zone().getId());
        out.put("metric", metric);
        out.put("days", rows);
        return out;
    }

    /** What a series adds up per group: counts, or the average of the durations (seconds). */
    enum Aggregate { COUNT, AVERAGE, TOTAL }

    /** A metric per local hour, day, week (from Monday) or month, from the first group of the period to its last. */
    List<Map<String, Object>> series(Query q, String metric, Aggregate aggregate, String groupBy) {
        Map<Instant, long[]> counts = new TreeMap<>();
        Map<Instant, double[]> totals = new TreeMap<>();
        Instant cursor = groupStart(q.from(), q.zone(), groupBy);
        while (cursor.isBefore(q.to())) {
            counts.put(cursor, new long[1]);
            totals.put(cursor, new double[1]);
            cursor = next(cursor, q.zone(), groupBy);
        }
        for (var hour : repository.hours(q.scope(), metric)) {
            Instant group = groupStart(hour.getKey(), q.zone(), groupBy);
            counts.computeIfAbsent(group, k -> new long[1])[0] += hour.getValue().n();
            totals.computeIfAbsent(group, k -> new double[1])[0] += hour.getValue().total();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((group, n) -> {
            double total = totals.get(group)[0];
            Object value = switch (aggregate) {
                case COUNT -> n[0];
                case TOTAL -> Math.round(total * 10) / 10.0;
                case AVERAGE -> n[0] == 0 ? 0 : Math.round(total / n[0] * 10) / 10.0;
            };
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("timestamp", group.getEpochSecond());
            point.put("value", value);
            out.add(point);
        });
        return out;
    }

    static Instant groupStart(Instant at, ZoneId zone, String groupBy) {
        ZonedDateTime local = at.atZone(zone);
        return switch (groupBy) {
            case "hour" -> local.truncatedTo(ChronoUnit.HOURS).toInstant();
            case "week" -> local.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(zone).toInstant();
            case "month" -> local.toLocalDate().withDayOfMonth(1).atStartOfDay(zone).toInstant();
            default -> local.toLocalDate().atStartOfDay(zone).toInstant();
        };
    }

    private static Instant next(Instant group, ZoneId zone, String groupBy) {
        ZonedDateTime local = group.atZone(zone);
        return switch (groupBy) {
            case "hour" -> group.plus(1, ChronoUnit.HOURS);
            case "week" -> local.toLocalDate().plusWeeks(1).atStartOfDay(zone).toInstant();
            case "month" -> local.toLocalDate().plusMonths(1).atStartOfDay(zone).toInstant();
            default -> local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        };
    }

    /** Seconds per status in the period: what the hourly sums hold, plus the current status's time so far. */
    private Map<String, Object> statusSeconds(Query q, Map<String, Sum> t) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String status : STATUSES) {
            seconds.put(status, sum(t, STATUS_PREFIX + status).total());
        }
        if (q.inboxId() == null && q.teamId() == null) {
            Instant now = clock.instant();
            Instant end = now.isBefore(q.to()) ? now : q.to();
            for (var current : repository.agentStatuses(q.accountId(), q.agentId())) {
                String status = current.getValue().getKey();
                Instant since = current.getValue().getValue();
                Instant start = since.isAfter(q.from()) ? since : q.from();
                if (seconds.containsKey(status) && start.isBefore(end)) {
                    seconds.merge(status, ReportIntake.seconds(start, end), Double::sum);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        seconds.forEach((status, value) -> out.put(status, Math.round(value * 10) / 10.0));
        return out;
    }

    private static Sum sum(Map<String, Sum> t, String metric) {
        return t.getOrDefault(metric, Sum.ZERO);
    }

    private static long count(Map<String, Sum> t, String metric) {
        return sum(t, metric).n();
    }

    private static Map<String, Object> timing(Map<String, Sum> t, String metric) {
        Sum s = sum(t, metric);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", s.n());
        out.put("avg_seconds", s.average());
        return out;
    }

    /** Chatwoot's account summary (GET /api/v2/accounts/{id}/reports/summary), with the same figures of the period before. */
    Map<String, Object> chatwootSummary(Query q) {
        Map<String, Object> out = chatwootFigures(repository.totals(q.scope()));
        long length = q.to().getEpochSecond() - q.from().getEpochSecond();
        Instant previousFrom = q.from().minusSeconds(length);
        out.put("previous", chatwootFigures(repository.totals(q.scope(previousFrom, q.from()))));
        return out;
    }

    private static Map<String, Object> chatwootFigures(Map<String, Sum> t) {
        Map<String, Object> out = new LinkedHashMap<>();
        Double frt = sum(t, FIRST_RESPONSE).average();
        Double resolution = sum(t, RESOLUTIONS).average();
        out.put("avg_first_response_time", frt == null ? 0 : frt);
        out.put("avg_resolution_time", resolution == null ? 0 : resolution);
        out.put("conversations_count", count(t, CONVERSATIONS));
        out.put("incoming_messages_count", count(t, MESSAGES_RECEIVED));
        out.put("outgoing_messages_count", count(t, MESSAGES_SENT));
        out.put("resolutions_count", count(t, RESOLUTIONS));
        out.put("bot_resolutions_count", count(t, BOT_RESOLVED));
        out.put("bot_handoffs_count", count(t, HANDOFFS));
        return out;
    }

    /** Chatwoot's metric names for GET /api/v2/accounts/{id}/reports, as a metric of ours and how to add it up. */
    static final Map<String, Map.Entry<String, Aggregate>> CHATWOOT_METRICS = Map.of(
            "conversations_count", Map.entry(CONVERSATIONS, Aggregate.COUNT),
            "incoming_messages_count", Map.entry(MESSAGES_RECEIVED, Aggregate.COUNT),
            "outgoing_messages_count", Map.entry(MESSAGES_SENT, Aggregate.COUNT),
            "avg_first_response_time", Map.entry(FIRST_RESPONSE, Aggregate.AVERAGE),
            "avg_resolution_time", Map.entry(RESOLUTIONS, Aggregate.AVERAGE),
            "resolutions_count", Map.entry(RESOLUTIONS, Aggregate.COUNT),
            "bot_resolutions_count", Map.entry(BOT_RESOLVED, Aggregate.COUNT),
            "bot_handoffs_count", Map.entry(HANDOFFS, Aggregate.COUNT));

    /** Baton's metric names for series and heat maps. */
    static final Map<String, Map.Entry<String, Aggregate>> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("conversations", Map.entry(CONVERSATIONS, Aggregate.COUNT));
        METRICS.put("handoffs", Map.entry(HANDOFFS, Aggregate.COUNT));
        for (String outcome : OUTCOMES) {
            METRICS.put("handoffs_" + outcome, Map.entry(HANDOFF_PREFIX + outcome, Aggregate.COUNT));
        }
        METRICS.put("bot_resolved", Map.entry(BOT_RESOLVED, Aggregate.COUNT));
        METRICS.put("queue_wait", Map.entry(QUEUE_WAIT, Aggregate.AVERAGE));
        METRICS.put("time_to_accept", Map.entry(TIME_TO_ACCEPT, Aggregate.AVERAGE));
        METRICS.put("first_response", Map.entry(FIRST_RESPONSE, Aggregate.AVERAGE));
        METRICS.put("resolution", Map.entry(RESOLUTIONS, Aggregate.AVERAGE));
        METRICS.put("resolutions", Map.entry(RESOLUTIONS, Aggregate.COUNT));
        METRICS.put("missed_offers", Map.entry(MISSED_OFFERS, Aggregate.COUNT));
        METRICS.put("messages_received", Map.entry(MESSAGES_RECEIVED, Aggregate.COUNT));
        METRICS.put("messages_sent", Map.entry(MESSAGES_SENT, Aggregate.COUNT));
        METRICS.put("satisfaction", Map.entry(SATISFACTION, Aggregate.AVERAGE));
        for (String status : STATUSES) {
            METRICS.put("status_" + status, Map.entry(STATUS_PREFIX + status, Aggregate.TOTAL));
        }
    }

    /** The local date range [from, to] (inclusive days) as instants. */
    static Instant[] days(LocalDate from, LocalDate to, ZoneId zone) {
        return new Instant[] {from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant()};
    }
}
