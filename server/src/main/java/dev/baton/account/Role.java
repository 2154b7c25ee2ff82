package dev.baton.account;

import java.util.Locale;

/** What a person may do in one account. Supervisors see everything, administrators also change it. */
public enum Role {
    ADMINISTRATOR, SUPERVISOR, AGENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean seesAllInboxes() {
        return this != AGENT;
    }

    public static Role fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return role;
            }
        }
        throw dev.baton.shared.BatonException.invalid("role", "inclusion",
                "role must be one of administrator, supervisor, agent");
    }
}
