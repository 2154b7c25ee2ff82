package dev.baton.contact;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A custom attribute value checked against its definition and put in one canonical form: numbers as
 * numbers, checkboxes as booleans, dates as {@code YYYY-MM-DD} (or an ISO instant when a time was given),
 * list values in the definition's spelling. Values from JSON and from CSV cells (always text) go through
 * the same rules, so that an import and the form accept the same things.
 */
final class AttributeValues {

    static final int MAX_TEXT = 1000;

    /** Why a value does not fit its definition; {@code code} is the field code of the problem. */
    static final class Refused extends Exception {
        final String code;

        Refused(String code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    private AttributeValues() {
    }

    static Object normalise(AttributeDefinition d, Object raw) throws Refused {
        if (raw instanceof java.util.Map || raw instanceof java.util.Collection) {
            throw new Refused("invalid_type", "must be a single value, not an object or a list");
        }
        String text = raw instanceof String s ? s.strip() : String.valueOf(raw);
        return switch (d.type()) {
            case TEXT -> text(d, text);
            case NUMBER, CURRENCY, PERCENT -> number(raw, text);
            case LINK -> link(text);
            case DATE -> date(text);
            case LIST -> listValue(d, text);
            case CHECKBOX -> checkbox(raw, text);
        };
    }

    private static String text(AttributeDefinition d, String text) throws Refused {
        if (text.length() > MAX_TEXT) {
            throw new Refused("length", "must have at most " + MAX_TEXT + " characters");
        }
        if (d.regexPattern() != null && !d.regexPattern().isBlank()) {
            boolean matches;
            try {
                matches = Pattern.compile(d.regexPattern()).matcher(text).find();
            } catch (PatternSyntaxException e) {
                matches = true; // a pattern stored before it was checked never blocks a value
            }
            if (!matches) {
                throw new Refused("format", d.regexCue() != null && !d.regexCue().isBlank() ? d.regexCue()
                        : "does not match the pattern " + d.regexPattern());
            }
        }
        return text;
    }

    private static Object number(Object raw, String text) throws Refused {
        BigDecimal value;
        if (raw instanceof Number n) {
            value = new BigDecimal(n.toString());
        } else {
            try {
                value = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new Refused("invalid_type", "must be a number");
            }
        }
        if (value.abs().compareTo(new BigDecimal("1e19")) >= 0 || value.scale() > 10) {
            throw new Refused("range", "must be below 10^19 with at most 10 decimals");
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 0 ? (Object) plain.longValueExact() : plain;
    }

    private static String link(String text) throws Refused {
        if (text.length() > 2000) {
            throw new Refused("length", "must have at most 2000 characters");
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new Refused("url", "must be an http or https address");
    }

    private static String date(String text) throws Refused {
        try {
            return LocalDate.parse(text).toString();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant().toString();
            } catch (DateTimeParseException e2) {
                try {
                    return Instant.parse(text).toString();
                } catch (DateTimeParseException e3) {
                    throw new Refused("format", "must be a date such as 2026-03-31");
                }
            }
        }
    }

    private static String listValue(AttributeDefinition d, String text) throws Refused {
        for (String allowed : d.values()) {
            if (allowed.equalsIgnoreCase(text)) {
                return allowed;
            }
        }
        throw new Refused("inclusion", "must be one of " + String.join(", ", d.values()));
    }

    private static Boolean checkbox(Object raw, String text) throws Refused {
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new Refused("invalid_type", "must be true or false");
        };
    }

    // ---- the filter index (contact_attribute_value)

    /** The indexed forms of a stored value: lower-case text, and a number or a date where it is one. */
    record Indexed(String text, BigDecimal number, LocalDate date) {
    }

    static Optional<Indexed> indexed(Object value) {
        if (value == null || value instanceof java.util.Map || value instanceof java.util.Collection) {
            return Optional.empty();
        }
        String text = value.toString().strip();
        BigDecimal number = null;
        if (value instanceof Number n) {
            number = new BigDecimal(n.toString());
        } else if (value instanceof String s && s.matches("-?[0-9]{1,19}(\\.[0-9]{1,10})?")) {
            number = new BigDecimal(s);
        }
        if (number != null && number.abs().compareTo(new BigDecimal("1e19")) >= 0) {
            number = null;
        }
        return Optional.of(new Indexed(lower(text), number, dateOf(text)));
    }

    static String lower(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.length() > MAX_TEXT ? lower.substring(0, MAX_TEXT) : lower;
    }

    static LocalDate dateOf(String text) {
        if (text.length() < 10 || !text.substring(0, 10).matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
            return OffsetDateTime.parse(text).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
