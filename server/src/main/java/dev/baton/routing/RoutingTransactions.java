package dev.baton.routing;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Routing's transactions: each decision runs in one, retried when the database picks it as a deadlock
 * victim or a lock wait times out (nothing of it was kept, so running it again is safe).
 */
@Component
class RoutingTransactions {

    private static final Logger log = LoggerFactory.getLogger(RoutingTransactions.class);
    private static final int ATTEMPTS = 5;

    private final TransactionTemplate template;
    private final TransactionTemplate newTemplate;

    RoutingTransactions(PlatformTransactionManager transactions) {
        this.template = new TransactionTemplate(transactions);
        this.newTemplate = new TransactionTemplate(transactions);
        this.newTemplate.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    <T> T run(Supplier<T> work) {
        return run(template, work);
    }

    /**
     * In a transaction of its own, for after-commit listeners: there the committed transaction is still bound,
     * and joining it would lose the writes and the after-commit notices.
     */
    void runNew(Runnable work) {
        run(newTemplate, () -> {
            work.run();
            return null;
        });
    }

    private <T> T run(TransactionTemplate template, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return template.execute(status -> work.get());
            } catch (TransientDataAccessException e) { // deadlock victims and lock time-outs among them
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                log.debug("Routing transaction retried after {}", e.getClass().getSimpleName());
                try {
                    Thread.sleep(5L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    void run(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }

    /** Runs once the surrounding transaction committed (at once when there is none). */
    static void afterCommit(Runnable action) {
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
