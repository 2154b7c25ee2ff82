package dev.baton.realtime;

import dev.baton.contact.ContactInbox;
import dev.baton.contact.VisitorPresence;
import dev.baton.conversation.ConversationQueries;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import jakarta.annotation.PreDestroy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link VisitorPresence} in step with this node's visitor sockets and tells the inbox's agents
 * when a visitor comes online or goes offline ({@code visitor.presence_changed}). Opens and closes wait in one
 * queue, in order, and one writer at a time applies all that waits in one transaction, then announces the changes
 * with a few queries for the whole batch: 10,000 visitors opening their widgets cost a few hundred transactions, not
 * 10,000 (docs/adr/0062). Never on a socket thread.
 */
@Component
class VisitorPresenceRelay {

    private static final Logger log = LoggerFactory.getLogger(VisitorPresenceRelay.class);
    /** The most changes one transaction applies. */
    static final int BATCH = 1_000;
    /** The conversations named in an event: the visitor's newest ones are those an agent's list shows. */
    private static final int CONVERSATIONS_PER_EVENT = 50;
    /** Tries of one batch that lost a deadlock. */
    private static final int ATTEMPTS = 3;
    /** How long stopping waits for the changes already queued (before the connection pool closes). */
    private static final long STOP_WAIT_SECONDS = 10;

    private record Change(ContactInbox visitor, boolean opened, Runnable counted) {
    }

    private final VisitorPresence presence;
    private final Sockets sockets;
    private final Signals signals;
    private final ConversationQueries conversations;
    private final InboxService inboxes;
    private final JsonMapper json;
    private final ArrayDeque<Change> queued = new ArrayDeque<>();
    /** Whether a writer runs (at most one, so that one visitor's changes apply in order). */
    private boolean writing;
    private boolean stopped;

    VisitorPresenceRelay(VisitorPresence presence, Sockets sockets, Signals signals, ConversationQueries conversations,
                         InboxService inboxes, JsonMapper json) {
        this.presence = presence;
        this.sockets = sockets;
        this.signals = signals;
        this.conversations = conversations;
        this.inboxes = inboxes;
        this.json = json;
    }

    /** {@code counted} runs once this socket counts for the visitor's presence (the socket then says welcome). */
    void opened(ContactInbox visitor, Runnable counted) {
        queue(new Change(visitor, true, counted));
    }

    void closed(ContactInbox visitor) {
        queue(new Change(visitor, false, null));
    }

    private void queue(Change change) {
        synchronized (this) {
            if (!stopped) {
                queued.add(change);
                if (writing) {
                    return;
                }
                writing = true;
                Thread.ofVirtual().name("visitor-presence").start(this::write);
                return;
            }
        }
        log.debug("Node stopping: presence change of {} not counted", change.visitor().id());
        if (change.counted() != null) {
            change.counted().run();
        }
    }

    private void write() {
        while (true) {
            List<Change> batch = new ArrayList<>();
            synchronized (this) {
                while (batch.size() < BATCH && !queued.isEmpty()) {
                    batch.add(queued.poll());
                }
                if (batch.isEmpty()) {
                    writing = false;
                    notifyAll();
                    return;
                }
            }
            try {
                apply(batch);
            } catch (RuntimeException e) {
                log.warn("Visitor presence batch failed", e); // the writer goes on with what waits
            }
        }
    }

    private void apply(List<Change> batch) {
        Set<Long> result = Set.of();
        List<VisitorPresence.SocketChange> changes = batch.stream()
                .map(c -> new VisitorPresence.SocketChange(c.visitor().id(), c.opened())).toList();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    result = presence.socketsChanged(changes);
                    break;
                } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                    // another node's batch or a heartbeat locked some of the same rows in another order
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Presence of {} visitor socket changes not counted", batch.size(), e);
        } finally {
            for (Change change : batch) {
                if (change.counted() != null) {
                    try {
                        change.counted().run();
                    } catch (RuntimeException e) {
                        log.debug("Welcome of visitor {} not sent", change.visitor().id(), e);
                    }
                }
            }
        }
        Set<Long> changed = result;
        if (!changed.isEmpty()) {
            Map<Long, ContactInbox> visitors = new LinkedHashMap<>();
            batch.stream().filter(c -> changed.contains(c.visitor().id())).forEach(c -> visitors.put(c.visitor().id(), c.visitor()));
            announce(visitors);
        }
    }

    /** Vouches for this node's visitor sockets, so that they do not expire. */
    @Scheduled(fixedDelay = 20_000, initialDelay = 10_000)
    void heartbeat() {
        try {
            presence.alive(sockets.connectedVisitors());
        } catch (RuntimeException e) {
            log.warn("Visitor presence heartbeat failed", e);
        }
    }

    /** Sends these visitors' current states (read again: another node may have changed them meanwhile). */
    private void announce(Map<Long, ContactInbox> visitors) {
        try {
            Map<Long, List<Long>> conversationIds = conversations.visitorsConversationIds(visitors.keySet(), CONVERSATIONS_PER_EVENT);
            if (conversationIds.isEmpty()) {
                return; // nothing an agent lists yet
            }
            Map<Long, Long> accountOfInbox = new HashMap<>();
            for (Inbox inbox : inboxes.byIds(visitors.values().stream()
                    .filter(v -> conversationIds.containsKey(v.id())).map(ContactInbox::inboxId).distinct().toList())) {
                accountOfInbox.put(inbox.id(), inbox.accountId());
            }
            Set<Long> online = presence.online(conversationIds.keySet());
            for (ContactInbox visitor : visitors.values()) {
                List<Long> ids = conversationIds.get(visitor.id());
                Long accountId = accountOfInbox.get(visitor.inboxId());
                if (ids == null || accountId == null) {
                    continue;
                }
                String data = json.writeValueAsString(Map.of("contact_id", visitor.contactId(),
                        "contact_inbox_id", visitor.id(), "online", online.contains(visitor.id()), "conversation_ids", ids));
                signals.soft(new Signals.SoftEvent(accountId, visitor.inboxId(), visitor.id(), ids.getFirst(),
                        "visitor.presence_changed", data, true, false, null, null));
            }
        } catch (RuntimeException e) {
            log.warn("Presence changes of {} visitors not announced", visitors.size(), e);
        }
    }

    /**
     * Takes no more changes and waits (a while) for those queued: the sockets closed while the node stopped count down
     * before the connection pool, which this bean depends on, closes.
     */
    @PreDestroy
    void stop() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        synchronized (this) {
            stopped = true;
            while (writing) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    log.warn("{} visitor presence changes not written before stopping", queued.size());
                    return;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
