package dev.baton.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries, on every node. A short transaction takes a batch (SKIP LOCKED, with a lease), the
 * HTTP calls run on virtual threads with no transaction open, and each outcome is recorded in a transaction
 * of its own. Woken right after a transaction queued something, and every {@code poll-interval} for retries
 * and for deliveries whose node died. Backoff: {@code retry-base} doubling up to {@code retry-max-delay}
 * (plus up to 10 % jitter), or what the receiver's Retry-After asks; given up after {@code retry-for}.
 */
@Component
class DeliveryWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCH = 50;

    private final DeliveryRepository deliveries;
    private final EndpointRepository endpoints;
    private final WebhookEndpoints endpointService;
    private final WebhookHttp http;
    private final WebhookSettings settings;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore permits;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile Instant lastCleanup = Instant.EPOCH;

    DeliveryWorker(DeliveryRepository deliveries, EndpointRepository endpoints, WebhookEndpoints endpointService,
                   WebhookHttp http, WebhookSettings settings, TransactionTemplate transactions,
                   ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.endpointService = endpointService;
        this.http = http;
        this.settings = settings;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
        this.permits = new Semaphore(Math.max(1, settings.maxInFlight()));
    }

    @Scheduled(fixedDelayString = "${baton.webhooks.poll-interval:1s}", initialDelayString = "${baton.webhooks.poll-interval:1s}")
    void tick() {
        wake();
        Instant now = clock.instant();
        if (settings.workerEnabled() && Duration.between(lastCleanup, now).compareTo(Duration.ofHours(1)) > 0) {
            lastCleanup = now;
            try {
                deliveries.deleteFinishedBefore(now.minus(settings.retention()), 1000);
            } catch (RuntimeException e) {
                log.warn("Forgetting old webhook deliveries failed: {}", e.toString());
            }
        }
    }

    /** Takes what is due now, off the caller's thread; several wakes while one drain runs make one more run. */
    void wake() {
        if (!settings.workerEnabled() || stopped) {
            return;
        }
        again.set(true);
        if (draining.compareAndSet(false, true)) {
            senders.execute(this::drainWhileWoken);
        }
    }

    private void drainWhileWoken() {
        try {
            while (again.getAndSet(false) && !stopped) {
                drain();
            }
        } catch (RuntimeException e) {
            log.warn("Taking due webhook deliveries failed; the next poll retries: {}", e.toString());
        } finally {
            draining.set(false);
        }
        if (again.get()) {
            wake();
        }
    }

    /** Takes due deliveries while there are free senders, and hands each to a virtual thread. */
    void drain() {
        while (!stopped) {
            int free = Math.min(BATCH, permits.availablePermits());
            if (free == 0) {
                return; // a sender that finishes wakes the worker again
            }
            String claim = UUID.randomUUID().toString();
            Instant now = clock.instant();
            List<Delivery> taken = transactions.execute(status -> deliveries.claimDue(now, free, claim, now.plus(settings.lease())));
            if (taken == null || taken.isEmpty()) {
                return;
            }
            Map<Long, Endpoint> byId = endpoints.byIds(taken.stream().map(Delivery::endpointId).collect(Collectors.toSet()))
                    .stream().collect(Collectors.toMap(Endpoint::id, Function.identity()));
            for (Delivery d : taken) {
                permits.acquireUninterruptibly();
                senders.execute(() -> {
                    try {
                        send(d, claim, byId.get(d.endpointId()));
                    } catch (RuntimeException e) {
                        log.warn("Webhook delivery {} could not be recorded; its lease runs out and it is sent again: {}",
                                d.id(), e.toString());
                    } finally {
                        permits.release();
                        if (!stopped) {
                            wake();
                        }
                    }
                });
            }
            if (taken.size() < free) {
                return;
            }
        }
    }

    private void send(Delivery d, String claim, Endpoint endpoint) {
        if (endpoint == null) {
            return; // deleted meanwhile, with its deliveries
        }
        if (!endpoint.enabled()) {
            transactions.executeWithoutResult(status -> deliveries.cancelPending(endpoint.id(), "cancelled: the webhook is disabled"));
            return;
        }
        Instant sentAt = clock.instant();
        long timestamp = sentAt.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", d.messageId());
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", Signatures.standard(endpoint.signingSecrets(sentAt), d.messageId(), timestamp, d.payload()));
        if (endpoint.signing() == Signing.STANDARD_AND_CHATWOOT) {
            headers.put("X-Chatwoot-Signature", Signatures.chatwoot(endpoint.secret(), timestamp, d.payload()));
            headers.put("X-Chatwoot-Timestamp", String.valueOf(timestamp));
            headers.put("X-Chatwoot-Delivery", d.messageId());
        }
        WebhookHttp.Answer answer = http.post(endpoint.url(), headers, d.payload());
        meters.timer("baton.webhooks.delivery", "outcome", answer.success() ? "success" : "failure")
                .record(Duration.ofMillis(answer.durationMillis()));
        transactions.executeWithoutResult(status -> record(d, claim, endpoint, answer));
    }

    private void record(Delivery d, String claim, Endpoint endpoint, WebhookHttp.Answer answer) {
        Instant now = clock.instant();
        int attempts = d.attempts() + 1;
        if (answer.success()) {
            if (deliveries.delivered(d.id(), claim, now, answer.status(), answer.durationMillis())) {
                events.publishEvent(new WebhookDeliverySucceeded(d.accountId(), d.id(), endpoint.id(), endpoint.owner(),
                        endpoint.ownerId(), d.event(), d.eventKey(), attempts, answer.status(), answer.durationMillis()));
            }
            return;
        }
        boolean gone = Integer.valueOf(410).equals(answer.status());
        Instant next = gone ? null : nextAttempt(now, attempts, answer.retryAfter(), d.giveUpAt());
        if (!deliveries.attemptFailed(d.id(), claim, now, answer.status(), answer.error(), answer.durationMillis(), next)) {
            return; // the lease ran out and another node has taken it
        }
        events.publishEvent(new WebhookDeliveryFailed(d.accountId(), d.id(), endpoint.id(), endpoint.owner(), endpoint.ownerId(),
                d.event(), d.eventKey(), attempts, answer.status(), answer.error(), next));
        if (gone) {
            endpointService.disableGone(endpoint.id(), "the endpoint answered 410 Gone");
        }
        if (next == null) {
            log.info("Webhook delivery {} ({} to {}) given up after {} attempts: {}", d.id(), d.event(), endpoint.url(),
                    attempts, answer.error());
        }
    }

    /** When to try again after {@code attempts} failures, or null when that would be past {@code giveUpAt}. */
    Instant nextAttempt(Instant now, int attempts, Duration retryAfter, Instant giveUpAt) {
        Duration wait;
        if (retryAfter != null) {
            wait = retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
            if (wait.compareTo(settings.retryMaxDelay()) > 0) {
                wait = settings.retryMaxDelay();
            }
        } else {
            wait = backoff(attempts);
        }
        Instant next = now.plus(wait);
        return next.isAfter(giveUpAt) ? null : next;
    }

    Duration backoff(int attempts) {
        long base = settings.retryBase().toMillis();
        long max = settings.retryMaxDelay().toMillis();
        long delay = attempts >= 40 ? max : Math.min(max, base << Math.min(attempts - 1, 30));
        return Duration.ofMillis(delay + ThreadLocalRandom.current().nextLong(delay / 10 + 1));
    }

    /** Stops taking work; what is on its way finishes or is left to its lease. */
    @Override
    public void destroy() {
        stopped = true;
        senders.shutdown();
    }
}
