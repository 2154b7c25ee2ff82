package dev.baton.contact;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** One of a visitor's sockets opened on this node, or closed. */
    public record SocketChange(long contactInboxId, boolean opened) {
    }

    /**
     * Applies socket opens and closes of this node, each visitor's in the order given, in one transaction: one locking
     * read and one batch of writes for them all, however many. An open adds 1 (a count nobody vouched for within
     * {@link #EXPIRY} starts again at 1) and vouches for the visitor; a close takes 1 away. Answers the contact inboxes
     * whose visitor went online or offline (changes that cancel out, such as an open and its close, change nothing).
     */
    @Transactional
    public Set<Long> socketsChanged(List<SocketChange> changes) {
        if (changes.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        Map<Long, List<SocketChange>> byVisitor = new LinkedHashMap<>();
        for (SocketChange change : changes) {
            byVisitor.computeIfAbsent(change.contactInboxId(), id -> new ArrayList<>()).add(change);
        }
        List<ContactRepository.SocketCount> after = new ArrayList<>();
        Set<Long> vouched = new HashSet<>();
        Set<Long> changed = new HashSet<>();
        for (ContactRepository.SocketCount count : repository.lockVisitorSockets(byVisitor.keySet(), now.minus(EXPIRY))) {
            long id = count.contactInboxId();
            int sockets = count.sockets();
            boolean fresh = count.fresh();
            boolean wasOnline = sockets > 0 && fresh;
            for (SocketChange change : byVisitor.get(id)) {
                if (change.opened()) {
                    sockets = fresh ? sockets + 1 : 1;
                    fresh = true;
                    vouched.add(id);
                } else {
                    sockets = Math.max(0, sockets - 1);
                }
            }
            after.add(new ContactRepository.SocketCount(id, sockets, fresh));
            if (wasOnline != (sockets > 0 && fresh)) {
                changed.add(id);
            }
        }
        repository.writeVisitorSockets(after, vouched, now);
        return changed;
    }

    /** The most contact inboxes one heartbeat statement names (a statement takes at most 32,767 parameters). */
    static final int ALIVE_CHUNK = 1_000;

    /**
     * This node still holds sockets of these visitors: a statement per {@value #ALIVE_CHUNK}, each committed alone,
     * so that a node with 100,000 sockets neither passes the driver's parameter limit nor locks them all at once.
     */
    public void alive(Collection<Long> contactInboxIds) {
        Instant now = clock.instant();
        List<Long> ids = List.copyOf(contactInboxIds);
        for (int from = 0; from < ids.size(); from += ALIVE_CHUNK) {
            repository.visitorSocketsAlive(ids.subList(from, Math.min(ids.size(), from + ALIVE_CHUNK)), now);
        }
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
