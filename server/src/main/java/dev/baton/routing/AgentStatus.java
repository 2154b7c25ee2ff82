package dev.baton.routing;

import dev.baton.shared.BatonException;
import java.util.Locale;

/**
 * What an agent chose (available, away, offline), or {@code rona} after a missed offer: no offers until
 * they set themselves available again. "Busy" is derived: available but at capacity.
 */
public enum AgentStatus {
    AVAILABLE, AWAY, OFFLINE, RONA;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Chatwoot's three values: available is online, away and a missed offer are busy. */
    dev.baton.account.Availability availability() {
        return switch (this) {
            case AVAILABLE -> dev.baton.account.Availability.ONLINE;
            case AWAY, RONA -> dev.baton.account.Availability.BUSY;
            case OFFLINE -> dev.baton.account.Availability.OFFLINE;
        };
    }

    static AgentStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** What an agent may choose themselves. */
    static AgentStatus chosen(String value) {
        if (value != null) {
            switch (value) {
                case "available" -> {
                    return AVAILABLE;
                }
                case "away" -> {
                    return AWAY;
                }
                case "offline" -> {
                    return OFFLINE;
                }
                default -> { }
            }
        }
        throw BatonException.invalid("availability", "inclusion", "availability must be available, away or offline");
    }
}
