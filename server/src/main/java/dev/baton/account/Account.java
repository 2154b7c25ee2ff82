package dev.baton.account;

import java.time.Instant;

/** A tenant and its settings. */
public record Account(long id, String name, String locale, int maxMessageLength, int licenceSeats, boolean wrapUpRequired,
                      Instant createdAt) {

    public static final java.util.Set<String> LOCALES = java.util.Set.of("en", "de", "fr", "it");
}
