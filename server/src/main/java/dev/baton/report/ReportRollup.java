package dev.baton.report;

import dev.baton.report.ReportRepository.Bucket;
import dev.baton.report.ReportRepository.Key;
import dev.baton.report.ReportRepository.Sum;
import dev.baton.report.ReportRepository.Taken;
import dev.baton.shared.AfterCommit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds the counts of {@code report_delta} into the sums (docs/adr/0059): a batch of the oldest deltas is taken
 * with {@code FOR UPDATE SKIP LOCKED} (a fold on another node takes others), summed per row of the sums, added to
 * the hours, then the days, then the months, each in one order (so that two folds never wait for each other in a
 * cycle), and deleted, all in one transaction: each delta is added exactly once. Woken after a transaction that
 * counted something, a short while later so that one fold takes what many messages counted, and every
 * {@link #TICK_MILLIS} for the deltas of a node that died. Reports read the deltas not folded yet, so nothing waits for
 * it but the table's size.
 */
@Component
class ReportRollup implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReportRollup.class);
    /** How long a wake waits before folding, so that a fold takes the deltas of many transactions at once. */
    static final long LINGER_MILLIS = 200;
    static final int BATCH = 1000;
    /** How often every node folds besides being woken: the deltas of a node that died before folding them. */
    static final long TICK_MILLIS = 10_000;

    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::accountId).thenComparing(Key::hour)
            .thenComparing(Key::metric).thenComparingLong(Key::inboxId).thenComparingLong(Key::teamId)
            .thenComparingLong(Key::agentId);

    private final ReportRepository repository;
    private final TransactionTemplate transactions;
    private final ScheduledExecutorService folder = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("report-rollup").daemon().factory());
    private final AtomicBoolean due = new AtomicBoolean();
    private volatile boolean stopped;

    ReportRollup(ReportRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    /** Wakes the fold once the caller's transaction committed (at once without one; never after a rollback). */
    void wakeAfterCommit() {
        AfterCommit.run(this::wake);
    }

    /** Folds in {@link #LINGER_MILLIS}, off the caller's thread; wakes until then make that one fold. */
    void wake() {
        if (!stopped && due.compareAndSet(false, true)) {
            try {
                folder.schedule(this::foldWhileDue, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                due.set(false); // shutting down: the next start's tick folds
            }
        }
    }

    @Scheduled(fixedDelay = TICK_MILLIS, initialDelay = TICK_MILLIS)
    void tick() {
        wake();
    }

    private void foldWhileDue() {
        due.set(false);
        try {
            while (!stopped && fold(false) == BATCH) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            log.warn("Folding report counts failed; the next wake or tick folds them: {}", e.toString());
        }
    }

    /**
     * Folds one batch in one transaction; returns how many deltas it folded. {@code wait}: wait for deltas another
     * fold holds instead of skipping them (for {@link #foldAll}).
     */
    int fold(boolean wait) {
        Integer folded = transactions.execute(status -> {
            Taken taken = repository.takeDeltas(BATCH, wait);
            if (taken.ids().isEmpty()) {
                return 0;
            }
            for (Bucket bucket : Bucket.values()) {
                Map<Key, Sum> rows = new TreeMap<>(ORDER);
                taken.sums().forEach((key, sum) -> rows.merge(start(key, bucket), sum,
                        (a, b) -> new Sum(a.n() + b.n(), a.total() + b.total())));
                rows.forEach((key, sum) -> repository.addToSums(bucket, key, sum));
            }
            repository.deleteDeltas(taken.ids());
            return taken.ids().size();
        });
        return folded == null ? 0 : folded;
    }

    /**
     * Folds every delta committed so far, in the caller's thread, waiting for any fold under way on this node or
     * another: when it returns, the sums hold every count committed before the call (a barrier for tests and
     * benchmarks, which read the tables of sums directly).
     */
    void foldAll() {
        do {
            while (fold(true) > 0) {
                // until a batch finds nothing
            }
        } while (repository.hasDeltas()); // some were held by another fold when the last batch looked: wait for it
    }

    /** The key's row in a table of sums: its hour, UTC day or UTC month. */
    private static Key start(Key key, Bucket bucket) {
        Instant hour = key.hour().truncatedTo(ChronoUnit.HOURS);
        Instant start = switch (bucket) {
            case HOUR -> hour;
            case DAY -> hour.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> hour.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        };
        return new Key(key.accountId(), start, key.metric(), key.inboxId(), key.teamId(), key.agentId());
    }

    @Override
    public void destroy() {
        stopped = true;
        folder.shutdownNow();
    }
}
