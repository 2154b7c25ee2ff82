package dev.baton.account;

import java.time.Instant;

/**
 * A member of an account as shown to admins and colleagues. {@code locale} is the person's own language, null when
 * they have not chosen one (then the account's applies). {@code availability} follows the routing status.
 */
public record Agent(long id, long accountId, String name, String displayName, String email, String avatarUrl,
                    String locale, Role role, boolean licensed, int capacity, Instant lastActivityAt, long messageCount,
                    boolean showBotConversations, boolean emailOnNewHandoff, Availability availability) {

    /** The name visitors see. */
    public String availableName() {
        return displayName == null || displayName.isBlank() ? name : displayName;
    }
}
