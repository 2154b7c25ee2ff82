package dev.baton.contact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * When this node last wrote a contact's {@code last_activity_at}, so that a visitor typing many messages writes the
 * contact's row once per {@link #WINDOW}, not once per message (docs/adr/0069): the stored value is then at most
 * {@link #WINDOW} older than the contact's latest message (the contacts list's order, its last-activity filters
 * and the "last activity" shown are exact to the minute, not the second). Remembered after commit only: a
 * rolled-back write is not taken for a stored one.
 */
@Component
class ContactActivity {

    static final Duration WINDOW = Duration.ofSeconds(60);

    private final Cache<Long, Instant> written = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW.multipliedBy(2)).maximumSize(200_000).build();

    /** Whether a write at {@code now} is due: this node did not write one in the {@link #WINDOW} before. */
    boolean due(long contactId, Instant now) {
        Instant last = written.getIfPresent(contactId);
        return last == null || !now.isBefore(last.plus(WINDOW)) || now.isBefore(last);
    }

    void wrote(long contactId, Instant at) {
        written.asMap().merge(contactId, at, (a, b) -> a.isAfter(b) ? a : b);
    }
}
