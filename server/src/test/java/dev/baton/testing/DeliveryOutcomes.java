package dev.baton.testing;

import dev.baton.webhook.WebhookDeliveryFailed;
import dev.baton.webhook.WebhookDeliverySucceeded;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import dev.baton.shared.AfterCommit;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Delivery outcomes as they are committed: a test waits for one instead of sleeping. Recorded through
 * {@link AfterCommit}, not a {@code @TransactionalEventListener}: Spring Modulith tracks every such listener in the
 * event publication registry, in a new transaction begun while the delivery's connection is still held, so a burst of
 * deliveries (up to {@code baton.webhooks.max-in-flight}, 32) could hold all of the tests' 8 connections while each
 * waited for a second one, until the pool's 30 s timeout.
 */
@TestComponent
public class DeliveryOutcomes {

    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

    @EventListener
    void succeeded(WebhookDeliverySucceeded e) {
        AfterCommit.run(() -> outcomes.add(e));
    }

    @EventListener
    void failed(WebhookDeliveryFailed e) {
        AfterCommit.run(() -> outcomes.add(e));
    }

    public WebhookDeliverySucceeded succeeded(long endpointId, Duration timeout) {
        return await(WebhookDeliverySucceeded.class, e -> e.endpointId() == endpointId, timeout);
    }

    public WebhookDeliveryFailed failed(long endpointId, Duration timeout) {
        return await(WebhookDeliveryFailed.class, e -> e.endpointId() == endpointId, timeout);
    }

    /** The next outcome of this type that matches; outcomes before it that do not match are dropped. */
    public <T> T await(Class<T> type, Predicate<T> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Object next;
            try {
                next = left <= 0 ? null : outcomes.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (next == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
            }
            if (type.isInstance(next) && matching.test(type.cast(next))) {
                return type.cast(next);
            }
        }
    }
}
