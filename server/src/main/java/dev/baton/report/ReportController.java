package dev.baton.report;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reports (docs/reports.md): Baton's own under {@code /api/v1/accounts/{id}/reports/*}, Chatwoot's under
 * {@code /api/v2/accounts/{id}/reports}, and Chatwoot's reporting events. Administrators and supervisors only.
 * The period is {@code since}/{@code until} (unix seconds) or {@code from}/{@code to} (dates, both included) in
 * {@code timezone} (IANA; or Chatwoot's {@code timezone_offset} in hours; else the account's time zone); the default is the last 7 days.
 */
@RestController
class ReportController {

    /** A year and a few days: the longest period one report reads. */
    static final Duration LONGEST = Duration.ofDays(400);
    static final int EVENTS_PAGE = 50;

    private final Reports reports;
    private final ReportRepository repository;
    private final AccountService accounts;
    private final Clock clock;

    ReportController(Reports reports, ReportRepository repository, AccountService accounts, Clock clock) {
        this.reports = reports;
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The period and filters as asked; checked. */
    record Params(Long since, Long until, String from, String to, String timezone,
                  @BindParam("timezone_offset") Double timezoneOffset, @BindParam("inbox_id") Long inboxId,
                  @BindParam("team_id") Long teamId, @BindParam("agent_id") Long agentId) {
    }

    private Reports.Query query(long accountId, CurrentUser user, Params p) {
        if (!accounts.requireMember(accountId, user).role().seesAllInboxes()) {
            throw BatonException.forbidden("administrators and supervisors", "see reports");
        }
        ZoneId zone = zone(p.timezone(), p.timezoneOffset(), accountId);
        Instant from;
        Instant to;
        if (p.from() != null || p.to() != null) {
            LocalDate today = LocalDate.now(clock.withZone(zone));
            LocalDate toDay = p.to() == null ? today : date("to", p.to());
            LocalDate fromDay = p.from() == null ? toDay.minusDays(6) : date("from", p.from());
            Instant[] range = Reports.days(fromDay, toDay, zone);
            from = range[0];
            to = range[1];
        } else {
            to = p.until() == null ? clock.instant() : Instant.ofEpochSecond(Math.min(Math.max(p.until(), 0), 253_402_300_799L));
            from = p.since() == null ? to.minus(Duration.ofDays(7)) : Instant.ofEpochSecond(Math.max(0, p.since()));
        }
        if (!from.isBefore(to)) {
            throw BatonException.invalid("since", "range", "since must be before until");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw BatonException.invalid("since", "range", "a report covers at most 400 days");
        }
        return new Reports.Query(accountId, from, to, zone, p.inboxId(), p.teamId(), p.agentId());
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw BatonException.invalid(field, "format", field + " must be a date (YYYY-MM-DD)");
        }
    }

    /** The zone the request names, else the account's. */
    private ZoneId zone(String timezone, Double offsetHours, long accountId) {
        if (timezone != null && !timezone.isBlank()) {
            try {
                return ZoneId.of(timezone.strip());
            } catch (DateTimeException e) {
                throw BatonException.invalid("timezone", "inclusion", "timezone must be an IANA time zone such as Europe/Zurich");
            }
        }
        if (offsetHours != null) {
            if (offsetHours.isNaN() || Math.abs(offsetHours) > 18) {
                throw BatonException.invalid("timezone_offset", "range", "timezone_offset must be between -18 and 18 hours");
            }
            return ZoneOffset.ofTotalSeconds((int) Math.round(offsetHours * 3600));
        }
        return accounts.account(accountId).zone();
    }

    private static String groupBy(String value) {
        String g = value == null ? "day" : value;
        if (!List.of("hour", "day", "week", "month").contains(g)) {
            throw BatonException.invalid("group_by", "inclusion", "group_by must be hour, day, week or month");
        }
        return g;
    }

    private static Map.Entry<String, Reports.Aggregate> metric(Map<String, Map.Entry<String, Reports.Aggregate>> known, String name) {
        Map.Entry<String, Reports.Aggregate> m = name == null ? null : known.get(name);
        if (m == null) {
            throw BatonException.invalid("metric", "inclusion", "metric must be one of " + String.join(", ", new java.util.TreeSet<>(known.keySet())));
        }
        return m;
    }

    // ---- Baton's reports

    @GetMapping("/api/v1/accounts/{accountId}/reports/summary")
    Map<String, Object> summary(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, Params p) {
        return reports.summary(query(accountId, user, p));
    }

    @GetMapping("/api/v1/accounts/{accountId}/reports/agents")
    Map<String, Object> agents(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, Params p) {
        return Map.of("payload", reports.agents(query(accountId, user, p)));
    }

    @GetMapping("/api/v1/accounts/{accountId}/reports/heatmap")
    Map<String, Object> heatmap(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, Params p,
                                @RequestParam(required = false) String metric) {
        var m = metric(Reports.METRICS, metric == null ? "conversations" : metric);
        return reports.heatmap(query(accountId, user, p), m.getKey());
    }

    @GetMapping("/api/v1/accounts/{accountId}/reports/timeseries")
    Map<String, Object> timeseries(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, Params p,
                                   @RequestParam(required = false) String metric,
                                   @RequestParam(name = "group_by", required = false) String groupBy) {
        var m = metric(Reports.METRICS, metric);
        String g = groupBy(groupBy);
        Reports.Query q = query(accountId, user, p);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metric", metric);
        out.put("group_by", g);
        out.put("timezone", q.zone().getId());
        out.put("payload", reports.series(q, m.getKey(), m.getValue(), g));
        return out;
    }

    /** CSV of one table: {@code table} summary, agents, heatmap or timeseries (with its metric and group_by). */
    @GetMapping("/api/v1/accounts/{accountId}/reports/export")
    void export(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, Params p,
                @RequestParam(required = false) String table, @RequestParam(required = false) String metric,
                @RequestParam(name = "group_by", required = false) String groupBy, HttpServletResponse response)
            throws IOException {
        String which = table == null ? "summary" : table;
        List<List<Object>> rows = new ArrayList<>();
        switch (which) {
            case "summary" -> {
                rows.add(List.of("figure", "value"));
                flatten("", reports.summary(query(accountId, user, p)), rows);
            }
            case "agents" -> {
                List<Map<String, Object>> agents = reports.agents(query(accountId, user, p));
                List<Object> header = new ArrayList<>();
                if (!agents.isEmpty()) {
                    List<List<Object>> flat = new ArrayList<>();
                    flatten("", agents.getFirst(), flat);
                    flat.forEach(cell -> header.add(cell.getFirst()));
                } else {
                    header.add("agent_id");
                }
                rows.add(header);
                for (Map<String, Object> agent : agents) {
                    List<List<Object>> flat = new ArrayList<>();
                    flatten("", agent, flat);
                    rows.add(flat.stream().map(cell -> cell.get(1)).toList());
                }
            }
            case "heatmap" -> {
                var m = metric(Reports.METRICS, metric == null ? "conversations" : metric);
                Map<String, Object> map = reports.heatmap(query(accountId, user, p), m.getKey());
                List<Object> header = new ArrayList<>(List.of("day"));
                for (int h = 0; h < 24; h++) {
                    header.add(String.format("%02d", h));
                }
                rows.add(header);
                for (Object day : (List<?>) map.get("days")) {
                    Map<?, ?> d = (Map<?, ?>) day;
                    List<Object> row = new ArrayList<>(List.of(d.get("day")));
                    row.addAll((List<?>) d.get("hours"));
                    rows.add(row);
                }
            }
            case "timeseries" -> {
                var m = metric(Reports.METRICS, metric);
                String g = groupBy(groupBy);
                Reports.Query q = query(accountId, user, p);
                rows.add(List.of("start", metric));
                for (Map<String, Object> point : reports.series(q, m.getKey(), m.getValue(), g)) {
                    rows.add(List.of(Instant.ofEpochSecond((Long) point.get("timestamp")).atZone(q.zone()).toOffsetDateTime()
                            .toString(), point.get("value")));
                }
            }
            default -> throw BatonException.invalid("table", "inclusion", "table must be summary, agents, heatmap or timeseries");
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"report-" + which + ".csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get().print(writer)) {
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(v -> v == null ? "" : v).toList());
            }
        }
    }

    /** Nested maps as dotted names ("handoffs.handled"), in order. */
    private static void flatten(String prefix, Map<String, Object> map, List<List<Object>> rows) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                flatten(name, inner, rows);
            } else {
                List<Object> row = new ArrayList<>();
                row.add(name);
                row.add(value);
                rows.add(row);
            }
        });
    }

    // ---- Chatwoot's

    /** Chatwoot's series: {@code metric} conversations_count, …; {@code type} account, agent, inbox or team with {@code id}. */
    @GetMapping("/api/v2/accounts/{accountId}/reports")
    List<Map<String, Object>> chatwootSeries(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                             @RequestParam(required = false) String metric,
                                             @RequestParam(required = false) String type,
                                             @RequestParam(required = false) Long id,
                                             @RequestParam(required = false) Long since, @RequestParam(required = false) Long until,
                                             @RequestParam(name = "group_by", required = false) String groupBy,
                                             @RequestParam(name = "timezone_offset", required = false) Double timezoneOffset,
                                             @RequestParam(required = false) String timezone) {
        var m = metric(Reports.CHATWOOT_METRICS, metric);
        Params p = chatwootParams(type, id, since, until, timezone, timezoneOffset);
        return reports.series(query(accountId, user, p), m.getKey(), m.getValue(), groupBy(groupBy));
    }

    @GetMapping("/api/v2/accounts/{accountId}/reports/summary")
    Map<String, Object> chatwootSummary(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                        @RequestParam(required = false) String type, @RequestParam(required = false) Long id,
                                        @RequestParam(required = false) Long since, @RequestParam(required = false) Long until,
                                        @RequestParam(name = "timezone_offset", required = false) Double timezoneOffset,
                                        @RequestParam(required = false) String timezone) {
        return reports.chatwootSummary(query(accountId, user, chatwootParams(type, id, since, until, timezone, timezoneOffset)));
    }

    private static Params chatwootParams(String type, Long id, Long since, Long until, String timezone, Double offset) {
        String t = type == null ? "account" : type;
        if (!List.of("account", "agent", "inbox", "team").contains(t)) {
            throw BatonException.invalid("type", "inclusion", "type must be account, agent, inbox or team");
        }
        if (!"account".equals(t) && id == null) {
            throw BatonException.invalid("id", "required", "id is required for type " + t);
        }
        return new Params(since, until, null, null, timezone, offset, "inbox".equals(t) ? id : null,
                "team".equals(t) ? id : null, "agent".equals(t) ? id : null);
    }

    /** Chatwoot's reporting events (durations in seconds), newest first; {@code before} pages on. */
    @GetMapping("/api/v1/accounts/{accountId}/reporting_events")
    Map<String, Object> events(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestParam(required = false) Long since, @RequestParam(required = false) Long until,
                               @RequestParam(name = "inbox_id", required = false) Long inboxId,
                               @RequestParam(name = "user_id", required = false) Long userId,
                               @RequestParam(required = false) String name, @RequestParam(required = false) Long before) {
        requireReader(accountId, user);
        List<Map<String, Object>> page = repository.events(accountId, since == null ? null : Instant.ofEpochSecond(since),
                until == null ? null : Instant.ofEpochSecond(until), inboxId, userId, null, name, before, EVENTS_PAGE);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("per_page", EVENTS_PAGE);
        meta.put("next_before", page.size() == EVENTS_PAGE ? page.getLast().get("id") : null);
        return Map.of("meta", meta, "payload", page);
    }

    @GetMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/reporting_events")
    List<Map<String, Object>> conversationEvents(@PathVariable long accountId, @PathVariable long conversationId,
                                                 @AuthenticationPrincipal CurrentUser user) {
        requireReader(accountId, user);
        return repository.events(accountId, null, null, null, null, conversationId, null, null, 500);
    }

    private void requireReader(long accountId, CurrentUser user) {
        if (!accounts.requireMember(accountId, user).role().seesAllInboxes()) {
            throw BatonException.forbidden("administrators and supervisors", "see reports");
        }
    }
}
