package dev.baton.contact;

import java.util.Locale;
import java.util.Optional;

/** Chatwoot's {@code attribute_display_type}, in Chatwoot's numbering (text 0 ... checkbox 7). */
public enum AttributeType {
    TEXT, NUMBER, CURRENCY, PERCENT, LINK, DATE, LIST, CHECKBOX;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean numeric() {
        return this == NUMBER || this == CURRENCY || this == PERCENT;
    }

    /** Chatwoot's number or the type's name. */
    public static Optional<AttributeType> parse(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        for (AttributeType t : values()) {
            if (text.equals(t.wire()) || text.equals(String.valueOf(t.ordinal()))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static AttributeType fromWire(String wire) {
        return parse(wire).orElseThrow();
    }
}
