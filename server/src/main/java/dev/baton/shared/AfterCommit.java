package dev.baton.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs work once the surrounding transaction committed, at once when there is none, never after a rollback.
 * For what may be lost with the node (realtime signals, dispatch nudges that the sweep repeats): durable
 * reactions use {@code @ApplicationModuleListener} instead. Not a {@code @TransactionalEventListener}: Spring
 * Modulith's completion tracking wraps every such listener in two extra transactions, which realtime
 * delivery neither needs nor can afford.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
