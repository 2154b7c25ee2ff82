package dev.baton.shared;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Gauges read from the shared database when Prometheus scrapes (queue length, outbox lag): the same on every node,
 * cheap (each query uses an index) and never failing the scrape (a query that fails reads as NaN).
 */
public final class QueryGauges {

    private QueryGauges() {
    }

    public static void register(MeterRegistry meters, String name, String description, Supplier<? extends Number> query,
                                String... tags) {
        Gauge.builder(name, query, q -> {
            try {
                Number value = q.get();
                return value == null ? 0 : value.doubleValue();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).tags(tags).strongReference(true).register(meters);
    }

    /**
     * An outbox's backlog: {@code baton.outbox.due} (entries due and not done yet) and {@code baton.outbox.lag}
     * (seconds the oldest of them has waited), tagged {@code outbox=name}. Each function is given the current time.
     */
    public static void outbox(MeterRegistry meters, Clock clock, String name,
                              java.util.function.Function<Instant, ? extends Number> due,
                              java.util.function.Function<Instant, Instant> oldestDue) {
        register(meters, "baton.outbox.due", "Entries due and not done yet", () -> due.apply(clock.instant()),
                "outbox", name);
        register(meters, "baton.outbox.lag", "Seconds the oldest due entry has waited",
                () -> secondsSince(oldestDue.apply(clock.instant()), clock), "outbox", name);
    }

    /** Seconds from {@code since} until now; 0 when nothing is waiting ({@code since} null). */
    public static double secondsSince(Instant since, Clock clock) {
        return since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }
}
