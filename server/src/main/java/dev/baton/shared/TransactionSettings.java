package dev.baton.shared;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The JDBC transaction manager Spring Boot would make, except that {@link AfterCommit}'s work runs after the
 * transaction's connection went back to the pool rather than before (ADR 0073).
 */
@Configuration(proxyBeanMethods = false)
class TransactionSettings {

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
        ConnectionFirstTransactionManager manager = new ConnectionFirstTransactionManager(dataSource);
        customizers.ifAvailable(c -> c.customize(manager));
        return manager;
    }

    /** Returns the connection of a transaction it began, then runs the work registered to run after its commit. */
    static final class ConnectionFirstTransactionManager extends JdbcTransactionManager {

        ConnectionFirstTransactionManager(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        protected void prepareForCommit(DefaultTransactionStatus status) {
            super.prepareForCommit(status);
            if (status.isNewTransaction()) {
                AfterCommit.committing(status.getTransaction());
            }
        }

        @Override
        protected void doCleanupAfterCompletion(Object transaction) {
            try {
                super.doCleanupAfterCompletion(transaction);
            } finally {
                AfterCommit.returned(transaction);
            }
        }
    }
}
