package dev.baton.webhook;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one delivery mechanism (docs/webhooks.md#deliveries): a payload queued for an endpoint in the caller's
 * transaction is sent after commit by the workers of every node, signed, retried with backoff, and recorded.
 * Outcomes are published as {@link WebhookDeliverySucceeded} and {@link WebhookDeliveryFailed} for the
 * endpoint's owner to count (an agent bot's circuit breaker).
 */
@Service
public class WebhookDeliveries {

    public static final int MAX_PAGE = 100;
    private static final Set<String> STATUSES = Set.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.FAILED, Delivery.CANCELLED);

    private final DeliveryRepository repository;
    private final DeliveryWorker worker;
    private final WebhookSettings settings;
    private final JsonMapper json;
    private final Clock clock;

    WebhookDeliveries(DeliveryRepository repository, DeliveryWorker worker, WebhookSettings settings, JsonMapper json,
                      Clock clock) {
        this.repository = repository;
        this.worker = worker;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Queues {@code payload} (serialized as JSON) for the endpoint, retried for {@code baton.webhooks.retry-for}.
     * {@code eventKey} names the event: the same key for the same endpoint is queued once, so a reaction that
     * runs twice sends once. False when it was already queued or the endpoint is disabled.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean queue(Endpoint endpoint, String event, String eventKey, Object payload) {
        return queue(endpoint, event, eventKey, payload, settings.retryFor());
    }

    /** As {@link #queue(Endpoint, String, String, Object)}, retried for {@code retryFor} only (a bot wants a fast answer). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean queue(Endpoint endpoint, String event, String eventKey, Object payload, Duration retryFor) {
        if (!endpoint.enabled()) {
            return false;
        }
        Instant now = clock.instant();
        String body = payload instanceof String s ? s : json.writeValueAsString(payload);
        boolean queued = repository.insert("msg_" + Tokens.random(18), endpoint.accountId(), endpoint.id(), event,
                eventKey.length() > 200 ? eventKey.substring(0, 200) : eventKey, body, now, now.plus(retryFor));
        if (queued && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    worker.wake();
                }
            });
        }
        return queued;
    }

    /** An endpoint's deliveries, newest first: {@code limit} (1 to 100) before the id {@code before}. */
    public List<Delivery> page(Endpoint endpoint, Long before, String status, Integer limit) {
        int size = limit == null ? 25 : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw BatonException.invalid("per_page", "range", "per_page must be 1 to " + MAX_PAGE);
        }
        if (status != null && !STATUSES.contains(status)) {
            throw BatonException.invalid("status", "inclusion", "status must be pending, delivered, failed or cancelled");
        }
        if (before != null && before < 1) {
            throw BatonException.invalid("before", "range", "before must be a delivery id");
        }
        return repository.page(endpoint.id(), before, status, size);
    }

    /**
     * Sends a delivery again (same {@code webhook-id}), with a fresh retry window. Refused while a node is
     * sending it, and while its endpoint is disabled.
     */
    @Transactional
    public Delivery redeliver(Endpoint endpoint, long deliveryId) {
        repository.find(endpoint.id(), deliveryId).orElseThrow(() -> BatonException.notFound("Delivery"));
        if (!endpoint.enabled()) {
            throw new BatonException(ErrorCode.WEBHOOK_DISABLED);
        }
        Delivery d = repository.lock(deliveryId).orElseThrow(() -> BatonException.notFound("Delivery"));
        Instant now = clock.instant();
        if (d.inFlight(now)) {
            throw new BatonException(ErrorCode.DELIVERY_IN_PROGRESS);
        }
        repository.redeliver(d.id(), now, now.plus(settings.retryFor()));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                worker.wake();
            }
        });
        return repository.find(endpoint.id(), deliveryId).orElseThrow();
    }
}
