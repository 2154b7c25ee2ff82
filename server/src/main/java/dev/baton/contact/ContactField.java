package dev.baton.contact;

import java.util.Optional;

/** A contact field that another feature may fill from what the visitor said (a story's answer). */
public enum ContactField {
    NAME("name"), EMAIL("email"), PHONE_NUMBER("phone_number");

    private final String wire;

    ContactField(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<ContactField> fromWire(String value) {
        for (ContactField f : values()) {
            if (f.wire.equals(value)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
