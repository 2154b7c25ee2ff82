package dev.baton.notify;

import dev.baton.shared.QueryGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** The mail outbox's backlog: {@code baton.outbox.due} and {@code baton.outbox.lag} with {@code outbox=mail}. */
@Component
class OutboxMeters {

    OutboxMeters(OutboxRepository repository, Clock clock, MeterRegistry meters) {
        QueryGauges.outbox(meters, clock, "mail", repository::due, repository::oldestDue);
    }
}
