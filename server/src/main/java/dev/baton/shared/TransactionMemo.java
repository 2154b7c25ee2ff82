package dev.baton.shared;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows remembered for the current transaction only. A visitor's message needs its inbox in the controller, in the
 * conversation's ownership check and in a reaction's condition: it reads the row once. Nothing outlives the
 * transaction, so there is no cache to invalidate across nodes; a write of the row in the same transaction calls
 * {@link #forget}. Outside a transaction every call reads.
 */
public final class TransactionMemo<K, V> {

    /**
     * Kept as one of the transaction's synchronizations, not as a thread-bound resource: the manager drops those when
     * the transaction ends, also one registered by code running after its commit, so nothing can leak to the next.
     */
    private static final class Remembered implements TransactionSynchronization {
        final TransactionMemo<?, ?> memo;
        final Map<Object, Optional<Object>> rows = new HashMap<>();

        Remembered(TransactionMemo<?, ?> memo) {
            this.memo = memo;
        }
    }

    @SuppressWarnings("unchecked")
    public Optional<V> get(K key, Function<K, Optional<V>> read) {
        Map<Object, Optional<Object>> remembered = remembered();
        if (remembered == null) {
            return read.apply(key);
        }
        Optional<Object> known = remembered.get(key);
        if (known == null) {
            known = (Optional<Object>) read.apply(key);
            remembered.put(key, known);
        }
        return (Optional<V>) known;
    }

    /** A row read another way (an inbox by its identifier is also the inbox of its id). */
    public void remember(K key, V value) {
        Map<Object, Optional<Object>> remembered = remembered();
        if (remembered != null) {
            remembered.put(key, Optional.of(value));
        }
    }

    /** The transaction changed the rows: read them again. */
    public void forget() {
        Map<Object, Optional<Object>> remembered = remembered();
        if (remembered != null) {
            remembered.clear();
        }
    }

    /** The transaction's rows, registered at first use; null outside a transaction. */
    private Map<Object, Optional<Object>> remembered() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof Remembered r && r.memo == this) {
                return r.rows;
            }
        }
        Remembered r = new Remembered(this);
        TransactionSynchronizationManager.registerSynchronization(r);
        return r.rows;
    }
}
