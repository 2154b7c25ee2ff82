package dev.baton.contact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether a visitor's widget is open: a count of open visitor sockets per contact inbox, kept in the
 * shared database so that every node sees the sockets of every other node. Each node vouches for its
 * own sockets every {@link #HEARTBEAT}; a count nobody vouched for within {@link #EXPIRY} (a node that
 * died with its sockets) no longer counts. See docs/realtime.md#visitor-presence.
 */
@Service
public class VisitorPresence {

    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    public static final Duration EXPIRY = Duration.ofSeconds(60);

    private final ContactRepository repository;
    private final Clock clock;

    VisitorPresence(ContactRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A visitor socket opened; true when the visitor was offline before. */
    @Transactional
    public boolean opened(long contactInboxId) {
        Instant now = clock.instant();
        return repository.visitorSocketOpened(contactInboxId, now, now.minus(EXPIRY));
    }

    /** A visitor socket closed; true when it was the visitor's last one on any node. */
    @Transactional
    public boolean closed(long contactInboxId) {
        return repository.visitorSocketClosed(contactInboxId);
    }

    /** This node still holds sockets of these visitors. */
    @Transactional
    public void alive(Collection<Long> contactInboxIds) {
        repository.visitorSocketsAlive(contactInboxIds, clock.instant());
    }

    /** What a list shows of a visitor (contact inbox): whether their identity was verified, whether they are online. */
    public record Visitor(boolean hmacVerified, boolean online) {
    }

    /** Each of these visitors' {@link Visitor} by contact inbox id, in one query (absent: no such contact inbox). */
    public java.util.Map<Long, Visitor> visitors(Collection<Long> contactInboxIds) {
        return repository.visitors(contactInboxIds, clock.instant().minus(EXPIRY));
    }

    /** The contact inboxes among {@code contactInboxIds} whose visitor is online (one query). */
    public Set<Long> online(Collection<Long> contactInboxIds) {
        return repository.onlineVisitors(contactInboxIds, clock.instant().minus(EXPIRY));
    }
}
