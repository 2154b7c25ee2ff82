package dev.baton.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.LoggedEvent;
import dev.baton.shared.BatonProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers committed log entries to this node's sockets. Each conversation maps to one lane (a
 * single thread), so its events go out in seq order; a lane reads the log from the last seq it
 * delivered, so a late or lost signal never leaves a gap.
 */
@Component
class Fanout {

    private static final Logger log = LoggerFactory.getLogger(Fanout.class);
    /** On first sight of a conversation, entries this recent are delivered even if their signal came late. */
    private static final Duration CATCH_UP_WINDOW = Duration.ofSeconds(30);

    private final ConversationQueries conversations;
    private final Sockets sockets;
    private final Clock clock;
    private final ExecutorService[] lanes;
    private final int batch;
    private final Cache<Long, Long> delivered = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    private final Counter deliveredEvents;

    Fanout(ConversationQueries conversations, Sockets sockets, Clock clock, BatonProperties properties, MeterRegistry meters) {
        this.conversations = conversations;
        this.sockets = sockets;
        this.clock = clock;
        this.batch = properties.realtime().resumeBatchLimit();
        this.lanes = new ExecutorService[properties.realtime().fanoutLanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("fanout-" + i).daemon().factory());
        }
        this.deliveredEvents = Counter.builder("baton.realtime.events").description("log entries fanned out").register(meters);
    }

    /** A node (this or another) committed entries of the conversation up to {@code seq}. */
    /** Close code of a workspace socket whose user was signed out: the client signs in again, not reconnects. */
    static final org.springframework.web.socket.CloseStatus SIGNED_OUT =
            new org.springframework.web.socket.CloseStatus(4401, "signed out");

    /** The user was signed out everywhere: their sockets on this node close. */
    void signedOut(long userId) {
        sockets.forUsers(java.util.List.of(userId), socket -> socket.close(SIGNED_OUT));
    }

    /** A user's token or name changed on some node: this node forgets the user its access tokens named. */
    void userChanged(long userId) {
        sockets.accounts().forgetCachedUser(userId);
    }

    /** Who may see an inbox changed on some node: this node's cached audience goes. */
    void audienceChanged(Long inboxId) {
        sockets.forgetAudience(inboxId);
    }

    void signal(long conversationId, long seq) {
        lane(conversationId).execute(() -> {
            try {
                deliverUpTo(conversationId, seq);
            } catch (RuntimeException e) {
                log.warn("Fan-out of conversation {} failed", conversationId, e);
            }
        });
    }

    private void deliverUpTo(long conversationId, long seq) {
        Long known = delivered.getIfPresent(conversationId);
        if (known != null && seq <= known) {
            return;
        }
        if (!sockets.hasAnySocket()) {
            delivered.put(conversationId, seq);
            return;
        }
        long from = known != null ? known : Math.max(0, seq - batch);
        Instant notBefore = known != null ? Instant.EPOCH : clock.instant().minus(CATCH_UP_WINDOW);
        while (true) {
            List<LoggedEvent> events = conversations.recentEventsSince(conversationId, from, notBefore, batch);
            for (LoggedEvent event : events) {
                deliver(event);
                from = event.seq();
            }
            if (events.size() < batch) {
                break;
            }
        }
        delivered.put(conversationId, Math.max(from, seq));
    }

    private void deliver(LoggedEvent e) {
        WireEvent agentEvent = WireEvent.of(e.type(), e.accountId(), e.conversationId(), e.seq(), e.agentPayload());
        java.util.Set<Long> reached = new java.util.HashSet<>();
        sockets.forAgentsOf(e.accountId(), e.inboxId(), s -> {
            reached.add(s.principalId);
            s.deliver(agentEvent);
        });
        // Conference participants may come from outside the inbox.
        List<Long> extra = conversations.participants(e.conversationId()).stream().filter(id -> !reached.contains(id)).toList();
        if (!extra.isEmpty()) {
            sockets.forUsers(extra, s -> s.deliver(agentEvent));
        }
        if (e.visitorPayload() != null) {
            WireEvent visitorEvent = WireEvent.of(e.type(), e.accountId(), e.conversationId(), e.seq(), e.visitorPayload());
            sockets.forVisitor(e.contactInboxId(), s -> s.deliver(visitorEvent));
        }
        deliveredEvents.increment();
    }

    /** Soft events (typing) go straight to the sockets, without the log. */
    void deliverSoft(long accountId, long inboxId, long contactInboxId, long conversationId, String type, String data,
                     boolean toAgents, boolean toVisitor, Long exceptUserId, java.util.List<Long> userIds) {
        WireEvent event = WireEvent.of(type, accountId, conversationId, null, data);
        lane(conversationId).execute(() -> {
            if (userIds != null) {
                sockets.forUsers(userIds, s -> s.deliver(event));
            } else if (toAgents) {
                sockets.forAgentsOf(accountId, inboxId, s -> {
                    if (exceptUserId == null || s.principalId != exceptUserId) {
                        s.deliver(event);
                    }
                });
            }
            if (toVisitor) {
                sockets.forVisitor(contactInboxId, s -> s.deliver(event));
            }
        });
    }

    /**
     * Replays a conversation's entries after {@code seq} to one socket, in the conversation's lane so
     * that live delivery cannot interleave. Completes with false when the client must reload the conversation: more
     * than one batch was missed, or the entries after {@code seq} were trimmed from the log.
     */
    CompletableFuture<Boolean> replay(Socket socket, long conversationId, long seq, boolean visitor) {
        return CompletableFuture.supplyAsync(() -> {
            var replay = conversations.replay(conversationId, seq, batch);
            for (LoggedEvent e : replay.events()) {
                String payload = visitor ? e.visitorPayload() : e.agentPayload();
                if (payload != null) {
                    socket.replay(WireEvent.of(e.type(), e.accountId(), e.conversationId(), e.seq(), payload));
                }
            }
            return replay.complete();
        }, lane(conversationId));
    }

    private ExecutorService lane(long conversationId) {
        return lanes[(int) Math.floorMod(conversationId, (long) lanes.length)];
    }

    @PreDestroy
    void stop() {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
    }
}
