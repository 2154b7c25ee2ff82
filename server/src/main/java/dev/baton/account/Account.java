package dev.baton.account;

import java.time.Instant;

/** A tenant and its settings; {@code businessHours} is the default of teams without their own, in {@code timeZone}. */
public record Account(long id, String name, String locale, int maxMessageLength, int licenceSeats, boolean wrapUpRequired,
                      String timeZone, String escalationLabel, Instant createdAt, BusinessHours businessHours) {

    /** The account's time zone (an IANA id, UTC unless set). */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timeZone);
    }

    public static final java.util.Set<String> LOCALES = java.util.Set.of("en", "de", "fr", "it");
}
