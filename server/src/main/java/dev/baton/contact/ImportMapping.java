package dev.baton.contact;

import dev.baton.shared.BatonException;
import dev.baton.shared.JsonText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which contact field each CSV column fills: {@code name}, {@code email}, {@code phone_number},
 * {@code identifier}, {@code labels} (several, separated by ";" or ","), {@code custom_attributes.<key>} or
 * {@code ignore}. Without a mapping from the client, a column named like a field fills it, a column named like a
 * custom attribute's key fills that attribute, {@code id}, {@code last_activity_at} and {@code created_at} (the
 * export's own columns) are ignored, and any other column becomes a custom attribute of its name, as in Chatwoot.
 */
record ImportMapping(char delimiter, List<String> headers, List<String> targets) {

    static final List<String> FIELDS = List.of("name", "email", "phone_number", "identifier", "labels");
    static final String IGNORE = "ignore";
    static final String ATTRIBUTE = "custom_attributes.";
    private static final Pattern KEY = Pattern.compile("[a-z0-9_]{1,100}");
    static final int MAX_COLUMNS = 100;

    /** The column that fills {@code target}, or -1. */
    int column(String target) {
        return targets.indexOf(target);
    }

    String header(int column) {
        return headers.get(column);
    }

    boolean matchable() {
        return targets.contains("email") || targets.contains("identifier");
    }

    String json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("delimiter", String.valueOf(delimiter));
        out.put("headers", headers);
        out.put("targets", targets);
        return JsonText.write(out);
    }

    @SuppressWarnings("unchecked")
    static ImportMapping fromJson(String json) {
        Map<String, Object> map = JsonText.readMap(json);
        return new ImportMapping(((String) map.get("delimiter")).charAt(0), (List<String>) map.get("headers"),
                (List<String>) map.get("targets"));
    }

    /** The guess for a header (what the preview proposes and what an import without mapping uses). */
    static String guess(String header, Set<String> definedKeys) {
        String key = normalised(header);
        if (FIELDS.contains(key)) {
            return key;
        }
        switch (key) {
            case "e_mail", "mail", "email_address" -> {
                return "email";
            }
            case "phone", "telephone", "mobile" -> {
                return "phone_number";
            }
            case "full_name" -> {
                return "name";
            }
            case "id", "last_activity_at", "created_at" -> {
                return IGNORE;
            }
            default -> {
            }
        }
        if (definedKeys.contains(key) || KEY.matcher(key).matches()) {
            return ATTRIBUTE + key;
        }
        return IGNORE;
    }

    private static String normalised(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    /**
     * The mapping for a file's header: the client's ({@code header → target}; columns it leaves out are
     * ignored) or the guess. Refused when two columns fill one field, a target is unknown, or neither e-mail nor
     * identifier is filled (rows could not be matched, so a second import would create them again).
     */
    static ImportMapping of(char delimiter, List<String> headers, Map<String, Object> requested, Set<String> definedKeys) {
        if (headers.isEmpty() || headers.stream().allMatch(String::isBlank)) {
            throw BatonException.invalid("import_file", "header", "the file needs a header row naming its columns");
        }
        if (headers.size() > MAX_COLUMNS) {
            throw BatonException.invalid("import_file", "length", "a file may have at most " + MAX_COLUMNS + " columns");
        }
        Set<String> seen = new HashSet<>();
        for (String h : headers) {
            if (!seen.add(h.strip())) {
                throw BatonException.invalid("import_file", "header", "the column " + h + " appears twice in the header");
            }
        }
        List<String> targets = new ArrayList<>();
        if (requested != null) {
            for (String key : requested.keySet()) {
                if (headers.stream().noneMatch(h -> h.strip().equals(key))) {
                    throw BatonException.invalid("mapping", "unknown", "the file has no column " + key);
                }
            }
        }
        for (String header : headers) {
            String target;
            if (requested == null) {
                target = guess(header, definedKeys);
            } else {
                Object value = requested.get(header.strip());
                target = value == null ? IGNORE : value.toString();
                if (!target.equals(IGNORE) && !FIELDS.contains(target)
                        && !(target.startsWith(ATTRIBUTE) && KEY.matcher(target.substring(ATTRIBUTE.length())).matches())) {
                    throw BatonException.invalid("mapping", "inclusion", "column " + header + ": " + target
                            + " is not name, email, phone_number, identifier, labels, custom_attributes.<key> or ignore");
                }
            }
            if (!target.equals(IGNORE) && targets.contains(target)) {
                if (requested == null) {
                    target = IGNORE; // a second column guessed as the same field is left out
                } else {
                    throw BatonException.invalid("mapping", "taken", "two columns fill " + target);
                }
            }
            targets.add(target);
        }
        ImportMapping mapping = new ImportMapping(delimiter, headers.stream().map(String::strip).toList(), List.copyOf(targets));
        if (!mapping.matchable()) {
            throw BatonException.invalid("mapping", "required",
                    "map a column to email or identifier: rows are matched by them, so that importing again updates instead of duplicating");
        }
        return mapping;
    }

    /** The delimiter of a header line: the most frequent of ',', ';' and tab outside quotes (',' on a tie). */
    static char delimiter(String headerLine) {
        int comma = 0;
        int semicolon = 0;
        int tab = 0;
        boolean quoted = false;
        for (char c : headerLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                switch (c) {
                    case ',' -> comma++;
                    case ';' -> semicolon++;
                    case '\t' -> tab++;
                    default -> {
                    }
                }
            }
        }
        if (semicolon > comma && semicolon >= tab) {
            return ';';
        }
        if (tab > comma && tab > semicolon) {
            return '\t';
        }
        return ',';
    }
}
