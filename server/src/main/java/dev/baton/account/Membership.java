package dev.baton.account;

import java.time.Instant;

/** A user in an account: role, licence (seat), capacity, activity and their preferences there (ADR 0014). */
public record Membership(long accountId, long userId, Role role, boolean licensed, int capacity,
                         Instant lastActivityAt, long messageCount, boolean showBotConversations,
                         boolean emailOnNewHandoff, Sound sound) {

    public boolean isAdministrator() {
        return role == Role.ADMINISTRATOR;
    }
}
