package dev.baton.contact;

import java.time.Duration;
import java.time.Instant;

/**
 * A CSV import of contacts and how far it got. {@code status}: pending, processing, completed, failed.
 * {@code processedRecords} is the checkpoint: rows up to it are written (with their errors) and never read again.
 */
public record ContactImport(long id, long accountId, Long userId, String status, String fileName, long totalRecords,
                            long processedRecords, long createdRecords, long updatedRecords, long unchangedRecords,
                            long failedRecords, int attempts, String failure, Instant createdAt, Instant startedAt,
                            Instant finishedAt) {

    public boolean finished() {
        return status.equals("completed") || status.equals("failed");
    }

    /** Its error report was removed ({@code baton.imports.error-retention} after it finished). */
    public boolean errorsExpired(Instant now, Duration retention) {
        return finishedAt != null && finishedAt.isBefore(now.minus(retention));
    }
}
