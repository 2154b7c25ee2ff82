package dev.baton.testing;

import dev.baton.webhook.WebhookDeliveryFailed;
import dev.baton.webhook.WebhookDeliverySucceeded;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Delivery outcomes as they are committed: a test waits for one instead of sleeping. */
@TestComponent
public class DeliveryOutcomes {

    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void succeeded(WebhookDeliverySucceeded e) {
        outcomes.add(e);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void failed(WebhookDeliveryFailed e) {
        outcomes.add(e);
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
