package dev.baton.webhook;

import dev.baton.shared.QueryGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** The webhook outbox's backlog: {@code baton.outbox.due} and {@code baton.outbox.lag} with {@code outbox=webhooks}. */
@Component
class DeliveryMeters {

    DeliveryMeters(DeliveryRepository repository, Clock clock, MeterRegistry meters) {
        QueryGauges.outbox(meters, clock, "webhooks", repository::due, repository::oldestDue);
    }
}
