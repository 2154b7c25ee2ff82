package dev.baton.shared;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work once the surrounding transaction committed, at once when there is none, never after a rollback.
 * For what may be lost with the node (realtime signals, dispatch nudges that the sweep repeats): durable
 * reactions use {@code @ApplicationModuleListener} instead. Not a {@code @TransactionalEventListener}: Spring
 * Modulith's completion tracking wraps every such listener in two extra transactions, which realtime
 * delivery neither needs nor can afford.
 *
 * <p>Spring calls a synchronization's {@code afterCommit} before it returns the transaction's connection to the pool,
 * so work run there (a Redis publish, a dispatch's offer cards) held a connection it did not use, and a burst of
 * commits starved the pool (ADR 0073). Under {@link TransactionSettings}' manager the work of a transaction that
 * manager began waits until its connection is back, then runs on the same thread in the order it was registered.
 */
public final class AfterCommit {

    private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

    /** The committing transactions of this thread whose connections are not yet returned, innermost last. */
    private static final ThreadLocal<Deque<Committing>> COMMITTING = ThreadLocal.withInitial(ArrayDeque::new);

    /** A transaction being committed and the work it registered, to run once its connection is returned. */
    private record Committing(Object transaction, List<Runnable> work) {
    }

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Committing committing = COMMITTING.get().peekLast();
                    if (committing != null) {
                        committing.work().add(action);
                    } else {
                        action.run(); // a manager that does not return the connection first: as Spring does
                    }
                }
            });
        } else {
            action.run();
        }
    }

    /** The manager is about to commit a transaction it began: its after-commit work waits for the connection's return. */
    static void committing(Object transaction) {
        COMMITTING.get().addLast(new Committing(transaction, new ArrayList<>()));
    }

    /**
     * The transaction's connection is back in the pool (committed or not): the work its commit registered, in order.
     * Nothing is thrown: the transaction committed, and the caller's cleanup (resuming a suspended transaction) must
     * go on; a failed piece of work is logged and the rest still runs.
     */
    static void returned(Object transaction) {
        Deque<Committing> stack = COMMITTING.get();
        Committing last = stack.peekLast();
        if (last == null || last.transaction() != transaction) {
            return; // rolled back without a commit attempt: nothing was registered for it
        }
        stack.removeLast();
        if (stack.isEmpty()) {
            COMMITTING.remove();
        }
        for (Runnable action : last.work()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("Work after a commit failed", e);
            }
        }
    }
}
