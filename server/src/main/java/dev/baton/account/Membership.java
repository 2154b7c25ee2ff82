package dev.baton.account;

import java.time.Instant;

/** A user in an account: role, licence (seat), capacity and activity. */
public record Membership(long accountId, long userId, Role role, boolean licensed, int capacity,
                         Instant lastActivityAt, long messageCount) {

    public boolean isAdministrator() {
        return role == Role.ADMINISTRATOR;
    }
}
