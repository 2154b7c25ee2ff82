package dev.baton.account;

import java.time.Instant;

/** A member of an account as shown to admins and colleagues. */
public record Agent(long id, long accountId, String name, String displayName, String email, String avatarUrl,
                    Role role, boolean licensed, int capacity, Instant lastActivityAt, long messageCount) {

    /** The name visitors see. */
    public String availableName() {
        return displayName == null || displayName.isBlank() ? name : displayName;
    }
}
