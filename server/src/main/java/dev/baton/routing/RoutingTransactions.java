package dev.baton.routing;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Routing's transactions: each decision runs in one, retried when the database picks it as a deadlock
 * victim or a lock wait times out (nothing of it was kept, so running it again is safe). Called inside a
 * transaction already (a bot's step), it joins it: the caller's unit of work commits or fails as one.
 */
@Component
class RoutingTransactions {

    private static final Logger log = LoggerFactory.getLogger(RoutingTransactions.class);
    private static final int ATTEMPTS = 5;

    private final TransactionTemplate template;

    RoutingTransactions(PlatformTransactionManager transactions) {
        this.template = new TransactionTemplate(transactions);
        // A transaction of its own when none is active (run() joins an active one).
        this.template.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    <T> T run(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // Part of a larger unit of work (a bot's step, a durable reaction): its transaction, its retry.
            return work.get();
        }
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
}
