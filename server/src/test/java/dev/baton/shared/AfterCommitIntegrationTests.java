package dev.baton.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.testing.IntegrationTest;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work registered to run after a commit (a Redis publish, a dispatch's offer cards) runs once the transaction's
 * connection is back in the pool, on the same thread, in the order it was registered (ADR 0073): a burst of commits
 * whose after-commit work is slow no longer holds the pool's connections.
 */
class AfterCommitIntegrationTests extends IntegrationTest {

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    private TransactionTemplate template(int propagation) {
        TransactionTemplate t = new TransactionTemplate(transactions);
        t.setPropagationBehavior(propagation);
        return t;
    }

    @Test
    void workRunsOnceTheConnectionIsBackInThePoolInTheOrderItWasRegistered() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Connection[] used = new Connection[1];
        template(TransactionDefinition.PROPAGATION_REQUIRED).executeWithoutResult(status -> {
            used[0] = DataSourceUtils.getConnection(dataSource);
            jdbc.sql("SELECT 1").query(Integer.class).single();
            AfterCommit.run(() -> ran.add("first, connection closed: " + closed(used[0])));
            AfterCommit.run(() -> ran.add("second, in a transaction: " + TransactionSynchronizationManager.isActualTransactionActive()));
            assertThat(ran).as("nothing before the commit").isEmpty();
        });
        assertThat(ran).containsExactly("first, connection closed: true", "second, in a transaction: false");
    }

    @Test
    void nothingRunsAfterARollback() {
        List<String> ran = new CopyOnWriteArrayList<>();
        template(TransactionDefinition.PROPAGATION_REQUIRED).executeWithoutResult(status -> {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            AfterCommit.run(() -> ran.add("ran"));
            status.setRollbackOnly();
        });
        assertThat(ran).isEmpty();
    }

    @Test
    void anInnerTransactionsWorkRunsAtItsOwnCommitAndTheOuterTransactionGoesOn() {
        List<String> ran = new CopyOnWriteArrayList<>();
        template(TransactionDefinition.PROPAGATION_REQUIRED).executeWithoutResult(outer -> {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            AfterCommit.run(() -> ran.add("outer"));
            template(TransactionDefinition.PROPAGATION_REQUIRES_NEW).executeWithoutResult(inner -> {
                jdbc.sql("SELECT 2").query(Integer.class).single();
                // work after this commit may itself open a transaction, whose own work runs at its commit
                AfterCommit.run(() -> template(TransactionDefinition.PROPAGATION_REQUIRED).executeWithoutResult(nested -> {
                    jdbc.sql("SELECT 3").query(Integer.class).single();
                    AfterCommit.run(() -> ran.add("nested"));
                }));
                AfterCommit.run(() -> ran.add("inner"));
            });
            assertThat(ran).as("the inner transaction's work, at its commit").containsExactly("nested", "inner");
            assertThat(TransactionSynchronizationManager.isActualTransactionActive()).as("the outer transaction resumed").isTrue();
            assertThat(jdbc.sql("SELECT 4").query(Integer.class).single()).isEqualTo(4);
        });
        assertThat(ran).containsExactly("nested", "inner", "outer");
    }

    /**
     * More transactions at once than the pool has connections, each of whose after-commit work waits until every one
     * of them has committed: with the connection held during that work, the last ones could never get one.
     */
    @Test
    void aBurstOfCommitsLargerThanThePoolEachWaitingInItsAfterCommitWorkAllCommit() throws Exception {
        int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        int parallel = poolSize + 2;
        CountDownLatch allCommitted = new CountDownLatch(parallel);
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Boolean>> done = new java.util.ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                int n = i;
                done.add(threads.submit(() -> {
                    boolean[] sawEveryone = {false};
                    template(TransactionDefinition.PROPAGATION_REQUIRED).executeWithoutResult(status -> {
                        jdbc.sql("SELECT ?").param(n).query(Integer.class).single();
                        AfterCommit.run(() -> {
                            allCommitted.countDown();
                            try {
                                sawEveryone[0] = allCommitted.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    });
                    return sawEveryone[0];
                }));
            }
            for (Future<Boolean> f : done) {
                assertThat(f.get(60, TimeUnit.SECONDS)).as("every transaction of the burst committed").isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
