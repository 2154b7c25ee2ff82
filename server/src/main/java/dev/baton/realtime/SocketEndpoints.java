package dev.baton.realtime;

import dev.baton.account.CurrentUser;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws} for agents (session cookie or {@code api_access_token}, checked by Spring Security before
 * the upgrade) and {@code /public/ws?pubsub_token=…} for visitors. Client messages: {@code resume}
 * with the last seq seen per conversation, and {@code ping}. Nothing here blocks a socket thread:
 * replays run on virtual threads and in the conversations' fan-out lanes.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class SocketEndpoints implements WebSocketConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SocketEndpoints.class);
    static final String SOCKET = "baton.socket";
    private static final int MAX_RESUME_CONVERSATIONS = 500;
    /** The largest client message (docs/realtime.md); the container closes larger ones with 1009. */
    static final int MAX_CLIENT_MESSAGE = 64 * 1024;

    private final Sockets sockets;
    private final Fanout fanout;
    private final ConversationQueries conversations;
    private final ContactService contacts;
    private final InboxService inboxes;
    private final JsonMapper json;
    private final dev.baton.routing.Presence presence;
    private final VisitorPresenceRelay visitorPresence;
    private final SocketDrain drain;
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    SocketEndpoints(Sockets sockets, Fanout fanout, ConversationQueries conversations, ContactService contacts,
                    InboxService inboxes, JsonMapper json, dev.baton.routing.Presence presence,
                    VisitorPresenceRelay visitorPresence, SocketDrain drain) {
        this.presence = presence;
        this.drain = drain;
        this.visitorPresence = visitorPresence;
        this.sockets = sockets;
        this.fanout = fanout;
        this.conversations = conversations;
        this.contacts = contacts;
        this.inboxes = inboxes;
        this.json = json;
    }

    /**
     * Each socket's container buffers are allocated when it opens and kept while it is open: small ones, so that an
     * idle socket costs little (docs/adr/0056). A client message longer than the text buffer arrives in parts, which
     * {@link Socket#assemble} joins up to {@link #MAX_CLIENT_MESSAGE} (so the documented limit is unchanged, ADR 0019).
     * Baton takes no binary messages.
     */
    static final int TEXT_BUFFER_CHARS = 512;
    static final int BINARY_BUFFER_BYTES = 128;
    /**
     * Tomcat's per-socket frame input, output and encoder buffers (its default: 8 KiB each); a system property. An
     * outgoing message longer than this goes out as several frames of one message (docs/adr/0062).
     */
    static final String FRAME_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    static final int FRAME_BUFFER_BYTES = 1024;
    /**
     * Tomcat's application read and write buffer of every connection (its default: 8 KiB each): larger reads and
     * writes go to the network directly, in pieces of this size (docs/adr/0062).
     */
    static final int CONNECTION_BUFFER_BYTES = 2048;
    /**
     * How many closed connections' channels (with their buffers) Tomcat keeps for reuse. Its default is 1/32 of the
     * heap's maximum: at 6 GiB about 190 MB, kept for ever once as many sockets had closed.
     */
    static final int CLOSED_CHANNELS_KEPT = 500;

    @org.springframework.context.annotation.Bean
    static org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean socketContainer() {
        var container = new org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(TEXT_BUFFER_CHARS);
        container.setMaxBinaryMessageBufferSize(BINARY_BUFFER_BYTES);
        return container;
    }

    /** The connection-level settings; the frame buffer's size is read once, when Tomcat's WebSocket classes load. */
    @org.springframework.context.annotation.Bean
    static org.springframework.boot.web.server.WebServerFactoryCustomizer<
            org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> socketConnections() {
        return factory -> {
            if (System.getProperty(FRAME_BUFFER_PROPERTY) == null) {
                System.setProperty(FRAME_BUFFER_PROPERTY, String.valueOf(FRAME_BUFFER_BYTES));
            }
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", String.valueOf(CONNECTION_BUFFER_BYTES));
                connector.setProperty("socket.appWriteBufSize", String.valueOf(CONNECTION_BUFFER_BYTES));
                connector.setProperty("socket.bufferPool", String.valueOf(CLOSED_CHANNELS_KEPT));
            });
        };
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        var handshake = new DefaultHandshakeHandler(new WithoutHeaderCopy());
        registry.addHandler(new Handler(Socket.Kind.AGENT), "/ws").setHandshakeHandler(handshake);
        registry.addHandler(new Handler(Socket.Kind.VISITOR), "/public/ws")
                .setHandshakeHandler(handshake)
                .addInterceptors(new VisitorHandshake())
                .setAllowedOriginPatterns("*");
    }

    /**
     * Spring keeps a copy of the handshake request's headers with every session for the socket's life (about 1 KB);
     * Baton reads them only during the handshake (the interceptor's origin check, Spring Security), so its sessions
     * get none (docs/adr/0062).
     */
    static final class WithoutHeaderCopy extends StandardWebSocketUpgradeStrategy {
        @Override
        public void upgrade(ServerHttpRequest request, ServerHttpResponse response, String selectedProtocol,
                            List<WebSocketExtension> selectedExtensions, Principal user, WebSocketHandler handler,
                            Map<String, Object> attributes) {
            ServerHttpRequest withoutHeaders = request instanceof ServletServerHttpRequest servlet
                    ? new ServletServerHttpRequest(servlet.getServletRequest()) {
                        @Override
                        public HttpHeaders getHeaders() {
                            return new HttpHeaders();
                        }
                    }
                    : request;
            super.upgrade(withoutHeaders, response, selectedProtocol, selectedExtensions, user, handler, attributes);
        }
    }

    /** Resolves the visitor token; the inbox's allowed origins apply as for the public API. */
    private final class VisitorHandshake implements HandshakeInterceptor {
        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                       Map<String, Object> attributes) {
            String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("pubsub_token");
            Optional<ContactInbox> visitor = contacts.visitorByPubsubToken(token);
            if (visitor.isEmpty()) {
                response.setStatusCode(HttpStatus.UNAUTHORIZED);
                return false;
            }
            String origin = request.getHeaders().getOrigin();
            Optional<Inbox> inbox = inboxes.byId(visitor.get().inboxId());
            if (inbox.isPresent() && inbox.get().hmacMandatory() && !visitor.get().hmacVerified()) {
                response.setStatusCode(HttpStatus.UNAUTHORIZED); // created before verification was required
                return false;
            }
            if (origin != null && inbox.isPresent() && !inbox.get().allowsOrigin(origin)) {
                response.setStatusCode(HttpStatus.FORBIDDEN);
                return false;
            }
            attributes.put("visitor", visitor.get());
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Exception exception) {
        }
    }

    private final class Handler extends TextWebSocketHandler {
        private final Socket.Kind kind;

        Handler(Socket.Kind kind) {
            this.kind = kind;
        }

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            if (drain.draining()) {
                close(session, SocketDrain.CLOSE); // this node is stopping: the client goes to another one
                return;
            }
            long principal;
            if (kind == Socket.Kind.AGENT) {
                Principal p = session.getPrincipal();
                if (!(p instanceof Authentication auth) || !(auth.getPrincipal() instanceof CurrentUser user)) {
                    close(session, CloseStatus.POLICY_VIOLATION);
                    return;
                }
                principal = user.id();
            } else {
                principal = ((ContactInbox) session.getAttributes().get("visitor")).id();
            }
            Socket socket = new Socket(kind, principal, session);
            session.getAttributes().put(SOCKET, socket);
            sockets.add(socket);
            if (kind == Socket.Kind.AGENT) {
                long userId = principal;
                work.execute(() -> presence.seen(List.of(userId)));
                socket.sendControl("{\"type\":\"welcome\"}");
            } else {
                // Welcome once the socket counts for the visitor's presence: a socket closed after its welcome can
                // never make the visitor look offline while another of theirs is open.
                visitorPresence.opened((ContactInbox) session.getAttributes().get("visitor"),
                        () -> socket.sendControl("{\"type\":\"welcome\"}"));
            }
            // Clients that never resume still get live events after a short while.
            CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.SECONDS, work).execute(socket::resumeGraceOver);
        }

        /** Messages longer than the container's small buffer arrive in parts (see {@link #TEXT_BUFFER_CHARS}). */
        @Override
        public boolean supportsPartialMessages() {
            return true;
        }

        @Override
        protected void handleTextMessage(WebSocketSession session, TextMessage message) {
            Socket socket = (Socket) session.getAttributes().get(SOCKET);
            if (socket == null) {
                return;
            }
            String payload = socket.assemble(message.getPayload(), message.isLast(), MAX_CLIENT_MESSAGE);
            if (payload == null) {
                return;
            }
            if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_CLIENT_MESSAGE) {
                socket.close(CloseStatus.TOO_BIG_TO_PROCESS);
                return;
            }
            work.execute(() -> handle(socket, payload));
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
            Socket socket = (Socket) session.getAttributes().get(SOCKET);
            if (socket != null) {
                sockets.remove(socket);
                if (kind == Socket.Kind.VISITOR) {
                    visitorPresence.closed((ContactInbox) session.getAttributes().get("visitor"));
                }
            }
        }

        @Override
        public void handleTransportError(WebSocketSession session, Throwable exception) {
            log.debug("Socket {} transport error: {}", session.getId(), exception.getMessage());
        }
    }

    private void handle(Socket socket, String payload) {
        JsonNode message;
        try {
            message = json.readTree(payload);
        } catch (RuntimeException e) {
            sendError(socket, new BatonException(ErrorCode.MALFORMED_JSON));
            return;
        }
        String type = message.path("type").asString("");
        switch (type) {
            case "ping" -> socket.sendControl("{\"type\":\"pong\"}");
            case "availability" -> availability(socket, message.path("availability").asString(null),
                    message.path("account_id").isNumber() ? message.path("account_id").asLong() : null);
            case "resume" -> {
                socket.resumeRequested();
                resume(socket, message.path("conversations"));
            }
            default -> sendError(socket, new BatonException(ErrorCode.UNKNOWN_TYPE, type));
        }
    }

    /** The agent socket sets the agent's status, as PUT /api/v1/profile/availability does. */
    private void availability(Socket socket, String availability, Long accountId) {
        if (socket.kind != Socket.Kind.AGENT) {
            sendError(socket, BatonException.forbidden("agents", "set an availability"));
            return;
        }
        try {
            CurrentUser user = (CurrentUser) ((Authentication) socket.session.getPrincipal()).getPrincipal();
            var views = presence.setAvailability(user, accountId, availability);
            socket.sendControl(json.writeValueAsString(Map.of("type", "availability.updated", "data", views)));
        } catch (BatonException e) {
            sendError(socket, e);
        }
    }

    /** A refused client message: the same code and detail as the HTTP API would answer. */
    private void sendError(Socket socket, BatonException e) {
        socket.sendControl(json.writeValueAsString(Map.of("type", "error", "code", e.code().code(), "detail", e.getMessage())));
    }

    /** Connected workspaces keep their agents present (the sweeper drops those not seen within the grace). */
    @org.springframework.scheduling.annotation.Scheduled(fixedDelay = 15_000, initialDelay = 5_000)
    void heartbeat() {
        try {
            presence.seen(sockets.connectedAgents());
        } catch (RuntimeException e) {
            log.warn("Presence heartbeat failed", e);
        }
    }

    /** Replays every conversation's missed entries in its lane, then lets live events through. */
    private void resume(Socket socket, JsonNode cursors) {
        List<CompletableFuture<Boolean>> replays = new ArrayList<>();
        List<Long> truncated = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = cursors.isObject() ? cursors.properties().iterator()
                : java.util.Collections.emptyIterator();
        int count = 0;
        while (fields.hasNext() && count++ < MAX_RESUME_CONVERSATIONS) {
            Map.Entry<String, JsonNode> entry = fields.next();
            long conversationId;
            try {
                conversationId = Long.parseLong(entry.getKey());
            } catch (NumberFormatException e) {
                continue;
            }
            long seq = entry.getValue().asLong(0);
            if (!maySee(socket, conversationId)) {
                continue;
            }
            replays.add(fanout.replay(socket, conversationId, seq, socket.kind == Socket.Kind.VISITOR)
                    .whenComplete((complete, error) -> {
                        if (Boolean.FALSE.equals(complete)) {
                            synchronized (truncated) {
                                truncated.add(conversationId);
                            }
                        }
                    }));
        }
        CompletableFuture.allOf(replays.toArray(CompletableFuture[]::new)).handle((ok, error) -> {
            socket.resumed();
            socket.sendControl("{\"type\":\"resumed\",\"truncated\":" + json.writeValueAsString(truncated) + "}");
            return null;
        });
    }

    private boolean maySee(Socket socket, long conversationId) {
        if (socket.kind == Socket.Kind.VISITOR) {
            ContactInbox visitor = (ContactInbox) socket.session.getAttributes().get("visitor");
            return inboxes.byId(visitor.inboxId())
                    .flatMap(inbox -> conversations.byId(inbox.accountId(), conversationId))
                    .map(Conversation::contactInboxId).filter(id -> id == visitor.id()).isPresent();
        }
        return sockets.accounts().membershipsOf(socket.principalId).stream()
                .anyMatch(m -> conversations.agentMaySee(m.accountId(), socket.principalId, conversationId));
    }

    private static void close(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        } catch (java.io.IOException ignored) {
            // gone
        }
    }
}
