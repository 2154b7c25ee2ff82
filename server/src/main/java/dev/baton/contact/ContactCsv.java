package dev.baton.contact;

import dev.baton.account.CurrentUser;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * The contact list as CSV, written while it is read (keyset batches of 500): the columns are the import's
 * field names, so an exported file imports back unchanged. Cells that a spreadsheet would run as a formula
 * get a leading apostrophe.
 */
@Component
class ContactCsv {

    static final List<String> FIXED_COLUMNS = List.of("id", "name", "email", "phone_number", "identifier", "labels",
            "last_activity_at", "created_at");

    private final ContactService contacts;
    private final CustomAttributes attributes;

    ContactCsv(ContactService contacts, CustomAttributes attributes) {
        this.contacts = contacts;
        this.attributes = attributes;
    }

    void export(long accountId, CurrentUser actor, ContactService.ListRequest request, HttpServletResponse response)
            throws IOException {
        ContactFilter filter = contacts.exportFilter(accountId, actor, request);
        List<String> keys = new ArrayList<>(attributes.definitions(accountId, AttributeModel.CONTACT).keySet());
        List<String> header = new ArrayList<>(FIXED_COLUMNS);
        header.addAll(keys);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"contacts.csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        writer.write('\uFEFF'); // spreadsheets read the file as UTF-8 only with the byte order mark
        try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get().print(writer)) {
            printer.printRecord(header);
            contacts.export(accountId, filter, slice -> {
                try {
                    for (Contact c : slice.contacts()) {
                        printer.printRecord(row(c, slice.labels().getOrDefault(c.id(), List.of()), keys));
                    }
                    printer.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static List<String> row(Contact c, List<String> labels, List<String> keys) {
        List<String> row = new ArrayList<>(FIXED_COLUMNS.size() + keys.size());
        row.add(String.valueOf(c.id()));
        row.add(safe(c.name()));
        row.add(safe(c.email()));
        row.add(safe(c.phoneNumber()));
        row.add(safe(c.identifier()));
        row.add(String.join(";", labels));
        row.add(iso(c.lastActivityAt()));
        row.add(iso(c.createdAt()));
        Map<String, Object> custom = c.customAttributes();
        for (String key : keys) {
            Object value = custom.get(key);
            row.add(value == null ? "" : safe(value.toString()));
        }
        return row;
    }

    private static String iso(Instant i) {
        return i == null ? "" : i.toString();
    }

    /** OWASP's CSV injection rule: a cell a spreadsheet would evaluate starts with an apostrophe. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '@' || first == '\t' || first == '\r'
                || ((first == '+' || first == '-') && value.length() > 1 && !value.substring(1).matches("[0-9 ()./-]+"));
        return formula ? "'" + value : value;
    }
}
