package dev.baton.realtime;

import dev.baton.contact.ContactInbox;
import dev.baton.contact.VisitorPresence;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.inbox.InboxService;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link VisitorPresence} in step with this node's visitor sockets and tells the inbox's agents
 * when a visitor comes online or goes offline ({@code visitor.presence_changed}). One visitor's
 * opens and closes run in order on one lane, never on a socket thread.
 */
@Component
class VisitorPresenceRelay {

    private static final Logger log = LoggerFactory.getLogger(VisitorPresenceRelay.class);
    private static final int LANES = 8;
    /** The conversations named in an event: the visitor's newest ones are those an agent's list shows. */
    private static final int CONVERSATIONS_PER_EVENT = 50;

    private final VisitorPresence presence;
    private final Sockets sockets;
    private final Signals signals;
    private final ConversationQueries conversations;
    private final InboxService inboxes;
    private final JsonMapper json;
    private final ExecutorService[] lanes = new ExecutorService[LANES];

    VisitorPresenceRelay(VisitorPresence presence, Sockets sockets, Signals signals, ConversationQueries conversations,
                         InboxService inboxes, JsonMapper json) {
        this.presence = presence;
        this.sockets = sockets;
        this.signals = signals;
        this.conversations = conversations;
        this.inboxes = inboxes;
        this.json = json;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("visitor-presence-" + i).factory());
        }
    }

    /** {@code counted} runs once this socket counts for the visitor's presence (the socket then says welcome). */
    void opened(ContactInbox visitor, Runnable counted) {
        lane(visitor).execute(() -> {
            try {
                if (presence.opened(visitor.id())) {
                    announce(visitor);
                }
            } finally {
                counted.run();
            }
        });
    }

    void closed(ContactInbox visitor) {
        lane(visitor).execute(() -> {
            if (presence.closed(visitor.id())) {
                announce(visitor);
            }
        });
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

    /** Sends the visitor's current state (read again: another node may have changed it meanwhile). */
    private void announce(ContactInbox visitor) {
        try {
            List<Long> ids = conversations.visitorConversations(visitor).stream().map(Conversation::id)
                    .limit(CONVERSATIONS_PER_EVENT).toList();
            if (ids.isEmpty()) {
                return; // nothing an agent lists yet
            }
            long accountId = inboxes.byId(visitor.inboxId()).orElseThrow().accountId();
            boolean online = presence.online(List.of(visitor.id())).contains(visitor.id());
            String data = json.writeValueAsString(Map.of("contact_id", visitor.contactId(),
                    "contact_inbox_id", visitor.id(), "online", online, "conversation_ids", ids));
            signals.soft(new Signals.SoftEvent(accountId, visitor.inboxId(), visitor.id(), ids.getFirst(),
                    "visitor.presence_changed", data, true, false, null, null));
        } catch (RuntimeException e) {
            log.warn("Visitor presence change of {} not announced", visitor.id(), e);
        }
    }

    private ExecutorService lane(ContactInbox visitor) {
        return lanes[(int) Math.floorMod(visitor.id(), (long) LANES)];
    }

    @PreDestroy
    void stop() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
    }
}
