package dev.baton.contact;

import java.time.Instant;

/** A note agents keep about a contact (Chatwoot's contact notes); {@code userId} null once the author left. */
public record ContactNote(long id, long accountId, long contactId, Long userId, String content, Instant createdAt,
                          Instant updatedAt) {
}
