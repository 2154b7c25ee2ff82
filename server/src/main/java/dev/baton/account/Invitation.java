package dev.baton.account;

import java.time.Instant;

/** A pending invitation to join an account (ADR 0021); the link's token is stored only as a hash. */
public record Invitation(long id, long accountId, String email, String name, String displayName, Role role,
                         boolean licensed, int capacity, boolean showBotConversations, boolean emailOnNewHandoff,
                         Long invitedBy, Instant createdAt, Instant sentAt, Instant expiresAt) {

    boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
