package dev.baton.contact;

import dev.baton.shared.BatonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reading an import file with Apache Commons CSV: UTF-8 (a byte order mark is skipped; other encodings are
 * refused rather than guessed), the delimiter found in the header line (',' or ';' as spreadsheets in
 * Germany, France and Italy write it, or tab), RFC 4180 quoting. Records are streamed, never all held.
 */
final class ImportFile {

    /** The head of a file: its delimiter, header and first rows (the preview). */
    record Head(char delimiter, List<String> headers, List<List<String>> rows) {
    }

    /** A whole file checked once on upload: its delimiter, header and number of data rows. */
    record Scan(char delimiter, List<String> headers, long records) {
    }

    static final long MAX_RECORDS = 1_000_000;
    private static final int MAX_HEADER_CHARS = 65_536;

    private ImportFile() {
    }

    static BufferedReader reader(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 65_536);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    static CSVFormat format(char delimiter) {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
    }

    /** Reads the header line to find the delimiter, and leaves the reader where it was. */
    static char delimiter(BufferedReader reader) throws IOException {
        reader.mark(MAX_HEADER_CHARS + 1);
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) >= 0 && c != '\n' && line.length() < MAX_HEADER_CHARS) {
            line.append((char) c);
        }
        reader.reset();
        return ImportMapping.delimiter(line.toString());
    }

    /**
     * The preview: the header and up to {@code rows} rows. {@code partial}: the client sent only the head of a
     * larger file, so the last row read may be cut off and is dropped.
     */
    static Head head(InputStream in, int rows, boolean partial) {
        try (BufferedReader reader = reader(in)) {
            char delimiter = delimiter(reader);
            List<List<String>> out = new ArrayList<>();
            List<String> headers = List.of();
            boolean ended;
            try (CSVParser parser = format(delimiter).parse(reader)) {
                Iterator<CSVRecord> records = parser.iterator();
                if (records.hasNext()) {
                    headers = records.next().toList();
                }
                while (records.hasNext() && out.size() <= rows) {
                    out.add(records.next().toList());
                }
                ended = !records.hasNext();
            } catch (UncheckedIOException | IllegalStateException e) {
                if (!partial || headers.isEmpty()) {
                    throw unreadable(e);
                }
                ended = true; // the head of a larger file may end inside a quoted cell
            }
            if (out.size() > rows) {
                out = new ArrayList<>(out.subList(0, rows));
            } else if (partial && ended && !out.isEmpty()) {
                out.removeLast();
            }
            return new Head(delimiter, headers, out);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Checks the whole file (encoding, quoting) and counts its data rows. */
    static Scan scan(Path file) {
        try (BufferedReader reader = reader(Files.newInputStream(file))) {
            char delimiter = delimiter(reader);
            try (CSVParser parser = format(delimiter).parse(reader)) {
                Iterator<CSVRecord> records = parser.iterator();
                if (!records.hasNext()) {
                    throw BatonException.invalid("import_file", "header", "the file is empty: it needs a header row");
                }
                List<String> headers = records.next().toList();
                long count = 0;
                while (records.hasNext()) {
                    records.next();
                    if (++count > MAX_RECORDS) {
                        throw BatonException.invalid("import_file", "length", "a file may have at most " + MAX_RECORDS + " rows");
                    }
                }
                return new Scan(delimiter, headers, count);
            }
        } catch (UncheckedIOException | IllegalStateException | IOException e) {
            throw unreadable(e);
        }
    }

    private static BatonException unreadable(Exception e) {
        String detail = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return BatonException.invalid("import_file", "encoding",
                        "the file is not UTF-8 text: save it as \"CSV UTF-8\" and try again");
            }
            if (t.getMessage() != null) {
                detail = t.getMessage();
            }
        }
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("\\(startline (\\d+)\\)").matcher(detail == null ? "" : detail);
        String where = line.find() ? " (line " + line.group(1) + ")" : "";
        String reason = detail != null && detail.contains("EOF reached before encapsulated token finished")
                ? "a quoted cell is never closed" + where
                : "it is not valid CSV" + where;
        return BatonException.invalid("import_file", "format", "the file cannot be read: " + reason);
    }
}
