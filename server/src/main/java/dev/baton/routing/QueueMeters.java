package dev.baton.routing;

import dev.baton.shared.QueryGauges;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The queues across the installation, read from the shared database: {@code baton.routing.queue.length} (handoffs
 * waiting for a person) and {@code baton.routing.queue.oldest_wait} (seconds the longest of them has waited).
 */
@Component
class QueueMeters {

    QueueMeters(RoutingRepository repository, Clock clock, MeterRegistry meters) {
        QueryGauges.register(meters, "baton.routing.queue.length", "Handoffs waiting for a person",
                repository::queuedHandoffs);
        QueryGauges.register(meters, "baton.routing.queue.oldest_wait", "Seconds the longest-waiting handoff has waited",
                () -> QueryGauges.secondsSince(repository.oldestQueuedHandoff(), clock));
    }
}
