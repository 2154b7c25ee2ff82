package dev.baton.contact;

import java.util.Locale;
import java.util.Optional;

/** What a custom attribute describes; Chatwoot numbers them 0 (conversation) and 1 (contact). */
public enum AttributeModel {
    CONVERSATION("conversation_attribute", 0),
    CONTACT("contact_attribute", 1);

    private final String wire;
    private final int number;

    AttributeModel(String wire, int number) {
        this.wire = wire;
        this.number = number;
    }

    public String wire() {
        return wire;
    }

    /** Chatwoot's number, its wire name, or the short name ({@code contact}, {@code conversation}). */
    public static Optional<AttributeModel> parse(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        for (AttributeModel m : values()) {
            if (text.equals(m.wire) || text.equals(String.valueOf(m.number)) || text.equals(m.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    static AttributeModel fromWire(String wire) {
        return parse(wire).orElseThrow();
    }
}
