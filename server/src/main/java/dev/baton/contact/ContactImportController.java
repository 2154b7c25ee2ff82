package dev.baton.contact;

import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * Chatwoot's {@code POST /contacts/import} (multipart {@code import_file}), answered with Baton's import job;
 * the job, the account's recent imports, the error report as CSV, and a preview of a file's head for the
 * mapping screen.
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/contacts")
class ContactImportController {

    record ImportView(long id, String dataType, String status, String fileName, long totalRecords, long processedRecords,
                      long createdRecords, long updatedRecords, long unchangedRecords, long failedRecords, String failure,
                      long createdAt, Long startedAt, Long finishedAt, String errorsUrl) {

        /** {@code errorsKept}: false once the error report was removed ({@code errors_url} null). */
        static ImportView of(ContactImport i, boolean errorsKept) {
            return new ImportView(i.id(), "contacts", i.status(), i.fileName(), i.totalRecords(), i.processedRecords(),
                    i.createdRecords(), i.updatedRecords(), i.unchangedRecords(), i.failedRecords(), i.failure(),
                    i.createdAt().getEpochSecond(), seconds(i.startedAt()), seconds(i.finishedAt()),
                    errorsKept ? "/api/v1/accounts/" + i.accountId() + "/contacts/imports/" + i.id() + "/errors" : null);
        }

        private static Long seconds(java.time.Instant i) {
            return i == null ? null : i.getEpochSecond();
        }
    }

    private final ContactImports imports;

    ContactImportController(ContactImports imports) {
        this.imports = imports;
    }

    private ImportView view(ContactImport i) {
        return ImportView.of(i, imports.errorReportKept(i));
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ImportView start(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                     MultipartHttpServletRequest request) throws IOException {
        MultipartFile file = file(request);
        try (InputStream in = file == null ? null : file.getInputStream()) {
            return view(imports.start(accountId, user, file == null ? null : file.getOriginalFilename(), in,
                    text(request, "mapping")));
        }
    }

    @PostMapping(path = "/import/preview", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ContactImports.Preview preview(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                   MultipartHttpServletRequest request) throws IOException {
        MultipartFile file = file(request);
        if (file == null) {
            throw BatonException.invalid("import_file", "required", "import_file is required (multipart/form-data)");
        }
        try (InputStream in = file.getInputStream()) {
            return imports.preview(accountId, user, in, "true".equals(text(request, "partial")));
        }
    }

    @GetMapping("/imports")
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) Long before) {
        return Map.of("payload", imports.list(accountId, user, before).stream().map(this::view).toList());
    }

    @GetMapping("/imports/{importId}")
    ImportView show(@PathVariable long accountId, @PathVariable long importId, @AuthenticationPrincipal CurrentUser user) {
        return view(imports.get(accountId, user, importId));
    }

    /** The per-row error report: {@code row} (the spreadsheet's row number; the header is row 1), {@code column}, {@code reason}. */
    @GetMapping("/imports/{importId}/errors")
    void errors(@PathVariable long accountId, @PathVariable long importId, @AuthenticationPrincipal CurrentUser user,
                HttpServletResponse response) throws IOException {
        ContactImport job = imports.withErrorReport(accountId, user, importId);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"import-" + job.id() + "-errors.csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get().print(writer)) {
            printer.printRecord("row", "column", "reason");
            imports.errors(accountId, user, importId, page -> {
                try {
                    for (ContactImportRepository.RowError e : page) {
                        printer.printRecord(e.row(), e.column() == null ? "" : ContactCsv.safe(e.column()), ContactCsv.safe(e.reason()));
                    }
                    printer.flush();
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    private static MultipartFile file(MultipartHttpServletRequest request) {
        List<MultipartFile> files = request.getFiles("import_file");
        return files.isEmpty() || files.getFirst().isEmpty() && files.getFirst().getOriginalFilename() == null ? null
                : files.getFirst();
    }

    private static String text(MultipartHttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw BatonException.invalid(name, "format", name + " may not contain NUL characters");
        }
        return value;
    }
}
