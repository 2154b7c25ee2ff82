package dev.baton.realtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connected client. Guarantees that, per conversation, it is sent events in increasing seq and
 * never the same seq twice. Until the client's {@code resume} has been answered, live events wait
 * in a buffer, so that replayed and live events cannot overtake each other. Writing to the network
 * happens on a virtual thread of the socket's own, started only while it has messages to write: a slow client never
 * holds up delivery to others, and an idle socket holds no thread and no queue (issue 15's P1, docs/adr/0056).
 */
final class Socket {

    private static final Logger log = LoggerFactory.getLogger(Socket.class);
    private static final int MAX_BUFFERED = 2_000;
    private static final int MAX_OUTBOUND = 5_000;

    enum Kind { AGENT, VISITOR }

    final Kind kind;
    final long principalId; // user id, or contact-inbox id for visitors
    final WebSocketSession session;
    /** The last seq sent per conversation; created with the first logged event (an idle socket holds none). */
    private Map<Long, Long> sent;
    /** Live events waiting for the resume's answer; null once it was answered (and while none waited). */
    private List<WireEvent> buffer;
    private boolean resuming = true;
    private boolean resumeRequested;
    /** Messages not written yet, in order; null while there are none. */
    private ArrayDeque<String> outbound;
    /** Whether a writer runs (at most one, so that messages go out in order). */
    private boolean writing;
    private volatile boolean stopped;
    /** The parts so far of a client message the container delivered in parts (its buffer is small). */
    private StringBuilder partial;

    Socket(Kind kind, long principalId, WebSocketSession session) {
        this.kind = kind;
        this.principalId = principalId;
        this.session = session;
    }

    private void write() {
        while (true) {
            String json;
            synchronized (this) {
                json = outbound == null ? null : outbound.poll();
                if (json == null || stopped || !session.isOpen()) {
                    outbound = null;
                    writing = false;
                    return;
                }
            }
            try {
                session.sendMessage(new TextMessage(json));
            } catch (IOException | IllegalStateException e) {
                log.debug("Dropping socket {}: {}", id(), e.getMessage());
                close(CloseStatus.SESSION_NOT_RELIABLE);
                synchronized (this) {
                    outbound = null;
                    writing = false;
                }
                return;
            }
        }
    }

    /** Called when the connection has ended: nothing more is written; a running writer drops what is left. */
    void stopped() {
        stopped = true;
    }

    String id() {
        return session.getId();
    }

    /** A live event: sent now, or kept until the resume is answered. */
    synchronized void deliver(WireEvent event) {
        if (resuming) {
            if (event.seq() == null && event.json().contains("\"type\":\"conversation.typing_")) {
                return; // typing is not worth keeping
            }
            if (buffer == null) {
                buffer = new ArrayList<>();
            }
            buffer.add(event);
            if (buffer.size() > MAX_BUFFERED) {
                close(CloseStatus.SERVICE_OVERLOAD);
            }
            return;
        }
        sendIfNew(event);
    }

    /** A replayed event, sent in the conversation's order during resume. */
    synchronized void replay(WireEvent event) {
        sendIfNew(event);
    }

    /** Resume answered: what waited is sent in order, then live events flow directly. */
    synchronized void resumed() {
        if (!resuming) {
            return;
        }
        resuming = false;
        if (buffer == null) {
            return;
        }
        // Logged events in each conversation's order, then soft ones (offers, statuses) as they came.
        buffer.stream().filter(e -> e.seq() != null)
                .sorted(Comparator.comparingLong(WireEvent::conversationId).thenComparing(WireEvent::seq))
                .forEach(this::sendIfNew);
        buffer.stream().filter(e -> e.seq() == null).forEach(this::sendIfNew);
        buffer = null;
    }

    /** The client asked to resume: live events wait until the replay is done, however long it takes. */
    synchronized void resumeRequested() {
        resumeRequested = true;
    }

    /** A client that has not asked to resume within the grace period gets live events from now on. */
    synchronized void resumeGraceOver() {
        if (!resumeRequested) {
            resumed();
        }
    }

    synchronized void sendControl(String json) {
        send(json);
    }

    private void sendIfNew(WireEvent event) {
        if (event.seq() != null) {
            if (sent == null) {
                sent = new HashMap<>();
            }
            Long last = sent.get(event.conversationId());
            if (last != null && event.seq() <= last) {
                return;
            }
            sent.put(event.conversationId(), event.seq());
        }
        send(event.json());
    }

    private void send(String json) {
        if (stopped) {
            return;
        }
        if (outbound == null) {
            outbound = new ArrayDeque<>();
        }
        if (outbound.size() >= MAX_OUTBOUND) {
            log.info("Socket {} does not keep up; closing it so that it resumes", id());
            close(CloseStatus.SERVICE_OVERLOAD);
            return;
        }
        outbound.add(json);
        if (!writing) {
            writing = true;
            Thread.ofVirtual().name("socket-" + session.getId()).start(this::write);
        }
    }

    /**
     * Joins a client message the container delivered in parts: the whole message once its last part came, else
     * null. A message longer than {@code max} characters closes the socket with 1009, as the container did when
     * its buffer was that large.
     */
    String assemble(String part, boolean last, int max) {
        if (partial == null && last) {
            return part;
        }
        if (partial == null) {
            partial = new StringBuilder();
        }
        if (partial.length() + part.length() > max) {
            partial = null;
            close(CloseStatus.TOO_BIG_TO_PROCESS);
            return null;
        }
        partial.append(part);
        if (!last) {
            return null;
        }
        String whole = partial.toString();
        partial = null;
        return whole;
    }

    void close(CloseStatus status) {
        stopped();
        try {
            session.close(status);
        } catch (IOException ignored) {
            // already gone
        }
    }
}
