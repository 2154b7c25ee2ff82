package dev.baton.contact;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import dev.baton.shared.BatonProperties;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.JsonText;
import dev.baton.shared.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV imports of contacts (docs/contacts.md#importing, docs/adr/0023-durable-contact-imports.md): the file is
 * checked and stored, a job row is written, and {@link ImportWorker} writes the rows in the background on
 * whichever node claims the job. Administrators only.
 */
@Service
public class ContactImports {

    /** The preview of a file's head: delimiter, header, first rows and the proposed mapping. */
    public record Preview(String delimiter, List<String> headers, List<List<String>> rows, Map<String, String> mapping) {
    }

    /** An import was written: the workers may take it at once. */
    record Queued(long importId) {
    }

    static final int PREVIEW_ROWS = 5;
    static final int LIST_SIZE = 20;

    private final ContactImportRepository repository;
    private final AccountService accounts;
    private final CustomAttributes attributes;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Path directory;
    private final Clock clock;
    private final AuditLog audit;
    private final ImportSettings settings;

    ContactImports(ContactImportRepository repository, AccountService accounts, CustomAttributes attributes,
                   TransactionTemplate transaction, ApplicationEventPublisher events, BatonProperties properties, Clock clock,
                   AuditLog audit, ImportSettings settings) {
        this.audit = audit;
        this.settings = settings;
        this.repository = repository;
        this.accounts = accounts;
        this.attributes = attributes;
        this.transaction = transaction;
        this.events = events;
        this.directory = properties.dataDir().resolve("imports").toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** The header, first rows and proposed mapping of (the head of) a file; nothing is stored. */
    public Preview preview(long accountId, CurrentUser actor, InputStream head, boolean partial) {
        accounts.requireAdministrator(accountId, actor);
        ImportFile.Head h = ImportFile.head(head, PREVIEW_ROWS, partial);
        if (h.headers().isEmpty()) {
            throw BatonException.invalid("import_file", "header", "the file is empty: it needs a header row");
        }
        var keys = attributes.definitions(accountId, AttributeModel.CONTACT).keySet();
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        for (String header : h.headers()) {
            mapping.put(header.strip(), ImportMapping.guess(header, keys));
        }
        return new Preview(String.valueOf(h.delimiter()), h.headers().stream().map(String::strip).toList(), h.rows(), mapping);
    }

    /**
     * Stores the file, checks it whole (UTF-8, CSV quoting, header, mapping) and queues the job. A refused file
     * leaves nothing behind. {@code mappingJson}: {@code {"Column": "target"}}, or null for the guess.
     */
    public ContactImport start(long accountId, CurrentUser actor, String fileName, InputStream file, String mappingJson) {
        accounts.requireAdministrator(accountId, actor);
        if (file == null) {
            throw BatonException.invalid("import_file", "required", "import_file is required (multipart/form-data)");
        }
        Map<String, Object> requested = null;
        if (mappingJson != null && !mappingJson.isBlank()) {
            try {
                requested = JsonText.readMap(mappingJson);
            } catch (RuntimeException e) {
                throw BatonException.invalid("mapping", "format", "mapping must be a JSON object {\"Column\": \"target\"}");
            }
        }
        String key = Tokens.random(24);
        Path stored = directory.resolve(key);
        try {
            Files.createDirectories(directory);
            Files.copy(file, stored);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the import file under " + directory, e);
        }
        try {
            ImportFile.Scan scan = ImportFile.scan(stored);
            ImportMapping mapping = ImportMapping.of(scan.delimiter(), scan.headers(), requested,
                    attributes.definitions(accountId, AttributeModel.CONTACT).keySet());
            String name = fileName == null ? null : fileName.length() > 300 ? fileName.substring(0, 300) : fileName;
            ContactImport job = transaction.execute(status -> {
                long id = repository.insert(accountId, actor.id(), name, key, mapping.json(), scan.records(), clock.instant());
                Map<String, Object> shown = new java.util.LinkedHashMap<>();
                shown.put("file_name", name);
                shown.put("total_records", scan.records());
                audit.record(accountId, actor, AuditLog.DATA_IMPORT, id, name, AuditLog.CREATE, shown);
                return repository.find(accountId, id).orElseThrow();
            });
            // Committed: wake this node's worker now (a plain event; if it is lost, the next poll finds the job).
            events.publishEvent(new Queued(job.id()));
            return job;
        } catch (RuntimeException e) {
            delete(key);
            throw e;
        }
    }

    public ContactImport get(long accountId, CurrentUser actor, long id) {
        accounts.requireAdministrator(accountId, actor);
        return repository.find(accountId, id).orElseThrow(() -> BatonException.notFound("Import"));
    }

    public List<ContactImport> list(long accountId, CurrentUser actor, Long before) {
        accounts.requireAdministrator(accountId, actor);
        return repository.list(accountId, before, LIST_SIZE);
    }

    /** The error report, in pages of 1000 rows. */
    public void errors(long accountId, CurrentUser actor, long id, Consumer<List<ContactImportRepository.RowError>> pages) {
        ContactImport job = withErrorReport(accountId, actor, id);
        repository.eachError(job.id(), 1000, pages);
    }

    /** The import, while its error report is kept; 410 {@code import_errors_expired} after that. */
    public ContactImport withErrorReport(long accountId, CurrentUser actor, long id) {
        ContactImport job = get(accountId, actor, id);
        if (!errorReportKept(job)) {
            throw new BatonException(ErrorCode.IMPORT_ERRORS_EXPIRED, settings.errorRetention().toDays());
        }
        return job;
    }

    public boolean errorReportKept(ContactImport job) {
        return !job.errorsExpired(clock.instant(), settings.errorRetention());
    }

    /**
     * Removes the error rows of the imports that finished more than {@code baton.imports.error-retention} ago, in
     * batches (each its own transaction); every node may run it, the deletes repeat harmlessly. The rows removed.
     */
    public long removeExpiredErrors() {
        Instant before = clock.instant().minus(settings.errorRetention());
        long removed = 0;
        int batch;
        do {
            batch = repository.deleteErrorsOfImportsFinishedBefore(before, 5000);
            removed += batch;
        } while (batch == 5000);
        return removed;
    }

    Path file(String storageKey) {
        return directory.resolve(storageKey);
    }

    void delete(String storageKey) {
        try {
            Files.deleteIfExists(directory.resolve(storageKey));
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ContactImports.class).warn("Cannot remove the import file {}", storageKey, e);
        }
    }
}
