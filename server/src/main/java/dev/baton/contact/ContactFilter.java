package dev.baton.contact;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The contact list's filters, checked (see {@link ContactService#filter}): the list, its CSV export and
 * the count all apply the same ones. Null or empty parts do not filter.
 *
 * @param pattern      a LIKE pattern (lower case, escaped) for the name, e-mail, phone number or identifier
 * @param labels       any of these labels
 * @param attribute    one custom attribute condition
 * @param activeAfter  last activity at or after
 * @param activeBefore last activity before
 * @param neverActive  only contacts who never wrote (imported or created by an agent)
 */
public record ContactFilter(String pattern, List<String> labels, Attribute attribute, Instant activeAfter,
                            Instant activeBefore, boolean neverActive) {

    public static final ContactFilter NONE = new ContactFilter(null, List.of(), null, null, null, false);

    /** {@code operator}: equal_to, contains, present, greater_than, less_than; the value in its indexed forms. */
    public record Attribute(String key, String operator, String text, BigDecimal number, LocalDate date) {
    }

    boolean anyActivityBound() {
        return activeAfter != null || activeBefore != null;
    }
}
