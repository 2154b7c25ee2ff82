package dev.baton.routing;

import static dev.baton.shared.SqlTimes.utc;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What routing recorded over a period: handoff outcomes, time to first offer, time to accept, queue
 * wait and missed offers (RONA) per agent. Aggregated in SQL from the handoff and offer rows.
 */
@Component
class RoutingReport {

    private final JdbcClient jdbc;

    RoutingReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Object> summary(long accountId, Instant from, Instant to) {
        var utcFrom = utc(from);
        var utcTo = utc(to);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("since", from.getEpochSecond());
        out.put("until", to.getEpochSecond());
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (String outcome : List.of(Handoff.HANDLED, Handoff.DECLINED, Handoff.NO_AGENT)) {
            outcomes.put(outcome, 0L);
        }
        jdbc.sql("""
                SELECT outcome, COUNT(*) FROM handoff WHERE account_id = ? AND kind = 'handoff' AND outcome IS NOT NULL
                  AND requested_at >= ? AND requested_at < ? GROUP BY outcome""")
                .params(accountId, utcFrom, utcTo).query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> outcomes.put(e.getKey(), e.getValue()));
        out.put("handoffs", outcomes);
        out.put("waiting_now", jdbc.sql("SELECT COUNT(*) FROM handoff WHERE account_id = ? AND kind = 'handoff' AND state <> 'done'")
                .param(accountId).query(Long.class).single());
        out.put("avg_time_to_first_offer_seconds", average(accountId, "first_offer_at", "first_offer_at IS NOT NULL", utcFrom, utcTo));
        out.put("avg_time_to_accept_seconds", average(accountId, "accepted_at", "accepted_at IS NOT NULL", utcFrom, utcTo));
        out.put("avg_queue_wait_seconds", average(accountId, "COALESCE(accepted_at, ended_at)", "ended_at IS NOT NULL", utcFrom, utcTo));
        out.put("missed_offers", jdbc.sql("""
                SELECT agent_id, COUNT(*) FROM offer WHERE account_id = ? AND status = 'expired' AND created_at >= ? AND created_at < ?
                GROUP BY agent_id ORDER BY COUNT(*) DESC, agent_id LIMIT 500""")
                .params(accountId, utcFrom, utcTo)
                .query((rs, row) -> Map.of("agent_id", rs.getLong(1), "missed", rs.getLong(2))).list());
        return out;
    }

    private Double average(long accountId, String end, String condition, Object from, Object to) {
        Double seconds = jdbc.sql("SELECT AVG(EXTRACT(EPOCH FROM " + end + ") - EXTRACT(EPOCH FROM requested_at)) FROM handoff "
                        + "WHERE account_id = ? AND kind = 'handoff' AND " + condition + " AND requested_at >= ? AND requested_at < ?")
                .params(accountId, from, to).query(Double.class).optional().orElse(null);
        return seconds == null ? null : Math.round(seconds * 10) / 10.0;
    }

    @RestController
    static class Endpoint {

        private final RoutingReport report;
        private final AccountService accounts;
        private final Clock clock;

        Endpoint(RoutingReport report, AccountService accounts, Clock clock) {
            this.report = report;
            this.accounts = accounts;
            this.clock = clock;
        }

        /** Administrators and supervisors; {@code since}/{@code until} in unix seconds, default the last 7 days. */
        @GetMapping("/api/v1/accounts/{accountId}/reports/routing")
        Map<String, Object> summary(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                    @RequestParam(required = false) Long since, @RequestParam(required = false) Long until) {
            if (!accounts.requireMember(accountId, user).role().seesAllInboxes()) {
                throw BatonException.forbidden("administrators and supervisors", "see reports");
            }
            Instant to = until == null ? clock.instant() : Instant.ofEpochSecond(Math.min(until, 253_402_300_799L));
            Instant from = since == null ? to.minus(Duration.ofDays(7)) : Instant.ofEpochSecond(Math.max(0, since));
            if (!from.isBefore(to)) {
                throw BatonException.invalid("since", "range", "since must be before until");
            }
            return report.summary(accountId, from, to);
        }
    }
}
