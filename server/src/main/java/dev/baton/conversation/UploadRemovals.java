package dev.baton.conversation;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Removes uploaded files whose attachment rows were deleted. The files to remove are written to
 * {@code upload_removal} in the deleting transaction and removed from disk right after it commits (before
 * the request answers); a rolled-back deletion removes nothing. A node that dies in between leaves the rows,
 * and every node sweeps them at start-up and every ten minutes.
 */
@Component
class UploadRemovals {

    private static final Logger log = LoggerFactory.getLogger(UploadRemovals.class);
    private static final int SWEEP_BATCH = 500;

    private final ContactHistoryRepository repository;
    private final Attachments attachments;
    private final Clock clock;

    UploadRemovals(ContactHistoryRepository repository, Attachments attachments, Clock clock) {
        this.repository = repository;
        this.attachments = attachments;
        this.clock = clock;
    }

    /** Inside the transaction that deletes the rows. */
    void schedule(List<String> storageKeys) {
        if (storageKeys.isEmpty()) {
            return;
        }
        repository.scheduleRemoval(storageKeys, clock.instant());
        List<String> keys = List.copyOf(storageKeys);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                remove(keys);
            }
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(fixedDelay = 10, initialDelay = 10, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
    void sweep() {
        List<String> due = repository.dueRemovals(clock.instant().minus(Duration.ofMinutes(1)), SWEEP_BATCH);
        if (!due.isEmpty()) {
            remove(due);
        }
    }

    private void remove(List<String> storageKeys) {
        List<String> gone = new ArrayList<>();
        for (String key : storageKeys) {
            try {
                Files.deleteIfExists(attachments.path(key));
                gone.add(key);
            } catch (IOException e) {
                log.warn("Cannot remove the upload {}; the next sweep tries again", key, e);
            }
        }
        try {
            repository.removed(gone);
        } catch (RuntimeException e) {
            log.warn("Cannot forget {} removed uploads; the next sweep removes them again", gone.size(), e);
        }
    }
}
