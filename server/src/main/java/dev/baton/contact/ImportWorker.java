package dev.baton.contact;

import jakarta.annotation.PreDestroy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs CSV imports in the background, on every node (docs/adr/0023-durable-contact-imports.md). A node claims
 * a waiting job (or one whose claim expired because its node died) with {@code SKIP LOCKED}, then writes it
 * batch by batch: each batch renews the claim, writes its rows and errors and advances the checkpoint in one
 * transaction. A job that resumes skips the rows before its checkpoint, so nothing is written twice; after
 * {@code baton.imports.max-attempts} failed attempts it is marked {@code failed} with the reason.
 */
@Component
class ImportWorker {

    private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);

    /** Another node holds the job now (this node was too slow to renew its claim). */
    private static final class LostClaim extends RuntimeException {
        LostClaim() {
            super("the claim on the import passed to another node", null, false, false);
        }
    }

    private final ContactImportRepository repository;
    private final ContactImports imports;
    private final CustomAttributes attributes;
    private final ImportBatch batch;
    private final TransactionTemplate transaction;
    private final ImportSettings settings;
    private final Clock clock;
    private final String node = "node-" + UUID.randomUUID();
    private final ExecutorService workers;
    private final Semaphore idle;

    ImportWorker(ContactImportRepository repository, ContactImports imports, CustomAttributes attributes, ImportBatch batch,
                 TransactionTemplate transaction, ImportSettings settings, Clock clock) {
        this.repository = repository;
        this.imports = imports;
        this.attributes = attributes;
        this.batch = batch;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()),
                Thread.ofPlatform().name("contact-import-", 0).daemon().factory());
        this.idle = new Semaphore(Math.max(1, settings.workers()));
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** A new job was committed: start it now rather than at the next poll (off the request's thread). */
    @org.springframework.context.event.EventListener
    void on(ContactImports.Queued queued) {
        Thread.ofVirtual().name("contact-import-wake").start(this::poll);
    }

    /** The error reports of imports past {@code baton.imports.error-retention} go, once an hour. */
    @Scheduled(fixedDelayString = "${baton.imports.error-sweep-interval:1h}", initialDelayString = "${baton.imports.error-sweep-interval:1h}")
    void removeExpiredErrors() {
        long removed = imports.removeExpiredErrors();
        if (removed > 0) {
            log.info("Removed {} error rows of imports finished more than {} ago", removed, settings.errorRetention());
        }
    }

    @Scheduled(fixedDelayString = "${baton.imports.poll-interval:1s}", initialDelayString = "${baton.imports.poll-interval:1s}")
    synchronized void poll() {
        while (idle.tryAcquire()) {
            Optional<ContactImportRepository.Claimed> claimed;
            try {
                claimed = transaction.execute(status -> repository.claim(node, clock.instant(), leaseEnd()));
            } catch (RuntimeException e) {
                idle.release();
                log.warn("Cannot look for contact imports", e);
                return;
            }
            if (claimed == null || claimed.isEmpty()) {
                idle.release();
                return;
            }
            ContactImportRepository.Claimed job = claimed.get();
            try {
                workers.execute(() -> {
                    try {
                        run(job);
                    } finally {
                        idle.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                idle.release(); // shutting down: the claim expires and another node takes the job
                return;
            }
        }
    }

    private Instant leaseEnd() {
        return clock.instant().plus(settings.lease());
    }

    private void run(ContactImportRepository.Claimed claimed) {
        ContactImport job = claimed.job();
        ImportMapping mapping = ImportMapping.fromJson(claimed.mapping());
        try (BufferedReader reader = ImportFile.reader(Files.newInputStream(imports.file(claimed.storageKey())));
             CSVParser parser = ImportFile.format(mapping.delimiter()).parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (records.hasNext()) {
                records.next(); // the header
            }
            long row = 1;
            for (long skip = job.processedRecords(); skip > 0 && records.hasNext(); skip--) {
                records.next(); // written by an earlier attempt
                row++;
            }
            Map<String, AttributeDefinition> definitions = attributes.definitions(job.accountId(), AttributeModel.CONTACT);
            List<ImportBatch.Row> rows = new ArrayList<>(settings.batchSize());
            while (records.hasNext()) {
                rows.add(new ImportBatch.Row(++row, records.next()));
                if (rows.size() == settings.batchSize()) {
                    write(job, mapping, definitions, rows);
                    rows = new ArrayList<>(settings.batchSize());
                }
            }
            if (!rows.isEmpty()) {
                write(job, mapping, definitions, rows);
            }
            transaction.executeWithoutResult(status -> repository.finish(job.id(), node, "completed", null, clock.instant()));
            imports.delete(claimed.storageKey());
        } catch (LostClaim e) {
            log.info("Contact import {} went on on another node", job.id());
        } catch (NoSuchFileException e) {
            fail(job, claimed.storageKey(), "the uploaded file is gone (with several nodes, baton.data-dir must be shared)");
        } catch (IOException | RuntimeException e) {
            if (job.attempts() >= settings.maxAttempts()) {
                log.warn("Contact import {} failed after {} attempts", job.id(), job.attempts(), e);
                fail(job, claimed.storageKey(), reason(e));
            } else {
                log.warn("Contact import {} failed (attempt {}); it will be tried again", job.id(), job.attempts(), e);
                transaction.executeWithoutResult(status -> repository.release(job.id(), node, reason(e), clock.instant()));
            }
        }
    }

    private void write(ContactImport job, ImportMapping mapping, Map<String, AttributeDefinition> definitions,
                       List<ImportBatch.Row> rows) {
        transaction.executeWithoutResult(status -> {
            if (!repository.renew(job.id(), node, leaseEnd())) {
                throw new LostClaim();
            }
            List<ContactImportRepository.RowError> errors = new ArrayList<>();
            ContactImportRepository.Progress progress = batch.write(job.accountId(), mapping, definitions, rows, errors);
            repository.errors(job.id(), errors);
            repository.advance(job.id(), progress, clock.instant());
        });
    }

    private void fail(ContactImport job, String storageKey, String reason) {
        transaction.executeWithoutResult(status -> repository.finish(job.id(), node, "failed", reason, clock.instant()));
        imports.delete(storageKey);
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
