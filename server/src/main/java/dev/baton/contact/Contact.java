package dev.baton.contact;

import java.time.Instant;
import java.util.Map;

/** A person who writes to the account: a website visitor, known or anonymous. */
public record Contact(long id, long accountId, String name, String email, String phoneNumber, String identifier,
                      String avatarUrl, Map<String, Object> customAttributes, Map<String, Object> additionalAttributes,
                      Instant lastActivityAt, Instant createdAt) {
}
