package dev.baton.account;

import java.util.Locale;

/** Chatwoot's {@code availability_status} of an agent, as bots and other clients of the agents API read it. */
public enum Availability {
    ONLINE, BUSY, OFFLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Availability fromWire(String value) {
        return value == null ? OFFLINE : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
