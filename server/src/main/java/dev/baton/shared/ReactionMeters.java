package dev.baton.shared;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable reactions not finished yet (Spring Modulith's event publication registry, whose completed rows are
 * deleted): {@code baton.outbox.due} and {@code baton.outbox.lag} with {@code outbox=reactions}.
 */
@Component
class ReactionMeters {

    ReactionMeters(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        QueryGauges.outbox(meters, clock, "reactions",
                now -> jdbc.sql("SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL")
                        .query(Long.class).single(),
                now -> jdbc.sql("SELECT MIN(publication_date) FROM event_publication WHERE completion_date IS NULL")
                        .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant).orElse(null));
    }
}
