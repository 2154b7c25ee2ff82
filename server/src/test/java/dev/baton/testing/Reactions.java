package dev.baton.testing;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A barrier on durable reactions: Spring Modulith's registry keeps a row per reaction until it completes
 * (completion mode delete), so when no row of an account's events is left, every reaction to them has run.
 */
public final class Reactions {

    private Reactions() {
    }

    /** Waits until no reaction to an event of {@code accountId} is outstanding. */
    public static void awaitSettled(JdbcClient jdbc, long accountId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding(jdbc, accountId) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(outstanding(jdbc, accountId) + " reactions to account " + accountId
                        + "'s events did not complete within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static int outstanding(JdbcClient jdbc, long accountId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM event_publication WHERE completion_date IS NULL AND (serialized_event LIKE :a1
                    OR serialized_event LIKE :a2 OR serialized_event LIKE :b1 OR serialized_event LIKE :b2)""")
                .param("a1", "%\"account_id\":" + accountId + ",%").param("a2", "%\"account_id\":" + accountId + "}%")
                .param("b1", "%\"accountId\":" + accountId + ",%").param("b2", "%\"accountId\":" + accountId + "}%")
                .query(Integer.class).single();
    }
}
