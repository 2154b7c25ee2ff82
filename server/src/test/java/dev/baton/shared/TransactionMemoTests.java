package dev.baton.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class TransactionMemoTests {

    private final TransactionMemo<Long, String> memo = new TransactionMemo<>();
    private final AtomicInteger reads = new AtomicInteger();

    private Optional<String> read(long id) {
        return memo.get(id, key -> {
            reads.incrementAndGet();
            return Optional.of("row " + key + " read " + reads.get());
        });
    }

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aRowIsReadOncePerTransaction() {
        TransactionSynchronizationManager.initSynchronization();
        assertThat(read(1)).contains("row 1 read 1");
        assertThat(read(1)).contains("row 1 read 1");
        assertThat(read(2)).contains("row 2 read 2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void theNextTransactionReadsAfresh() {
        TransactionSynchronizationManager.initSynchronization();
        read(1);
        TransactionSynchronizationManager.clearSynchronization(); // the transaction ended
        TransactionSynchronizationManager.initSynchronization();
        assertThat(read(1)).contains("row 1 read 2");
    }

    @Test
    void aWriteInTheTransactionMakesTheNextReadGoToTheDatabase() {
        TransactionSynchronizationManager.initSynchronization();
        read(1);
        memo.forget();
        assertThat(read(1)).contains("row 1 read 2");
    }

    @Test
    void outsideATransactionEveryCallReads() {
        read(1);
        read(1);
        memo.remember(1L, "ignored");
        assertThat(read(1)).contains("row 1 read 3");
    }

    @Test
    void aRowRememberedUnderAnotherKeyIsNotReadAgain() {
        TransactionSynchronizationManager.initSynchronization();
        memo.remember(7L, "row 7 by its identifier");
        assertThat(read(7)).contains("row 7 by its identifier");
        assertThat(reads).hasValue(0);
    }
}
