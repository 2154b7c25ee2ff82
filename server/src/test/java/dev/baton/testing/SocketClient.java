package dev.baton.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A real WebSocket client (the JDK's) that records every event it receives. */
public final class SocketClient implements AutoCloseable {

    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final WebSocket socket;
    private final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();

    private SocketClient(String url, String token, String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (token != null) {
            builder.header("api_access_token", token);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.buildAsync(URI.create(url), new Listener()).join();
    }

    /** The agent socket, authenticated by the personal token. */
    public static SocketClient agent(int port, String token) {
        return new SocketClient("ws://localhost:" + port + "/ws", token, null);
    }

    /** The agent socket at a base address such as {@code http://localhost:8080} (a proxy in front of the nodes). */
    public static SocketClient agent(String base, String token) {
        return agent(base, token, null);
    }

    /** As a browser's workspace tab: with the page's Origin, which the server checks against the request's host. */
    public static SocketClient agent(String base, String token, String origin) {
        return new SocketClient(base.replaceFirst("^http", "ws") + "/ws", token, origin);
    }

    public static SocketClient visitor(String base, String pubsubToken) {
        return new SocketClient(base.replaceFirst("^http", "ws") + "/public/ws?pubsub_token=" + pubsubToken, null, null);
    }

    public static SocketClient visitor(int port, String pubsubToken) {
        return new SocketClient("ws://localhost:" + port + "/public/ws?pubsub_token=" + pubsubToken, null, null);
    }

    public static SocketClient visitor(int port, String pubsubToken, String origin) {
        return new SocketClient("ws://localhost:" + port + "/public/ws?pubsub_token=" + pubsubToken, null, origin);
    }

    public void send(Object message) {
        socket.sendText(message instanceof String s ? s : Api.JSON.writeValueAsString(message), true).join();
    }

    /** Waits for the next event that matches, keeping the others for later calls. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seen) {
            for (JsonNode event : seen) {
                if (match.test(event)) {
                    seen.remove(event);
                    return event;
                }
            }
        }
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No matching event within " + timeout + "; received: " + received());
                }
                JsonNode event = inbox.poll(left, TimeUnit.NANOSECONDS);
                if (event == null) {
                    continue;
                }
                if (match.test(event)) {
                    return event;
                }
                synchronized (seen) {
                    seen.add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public JsonNode await(String type, Duration timeout) {
        return await(e -> type.equals(e.path("type").asString()), timeout);
    }

    /** Everything received and not yet consumed, after waiting {@code quiet} for stragglers. */
    public List<JsonNode> drain(Duration quiet) {
        try {
            Thread.sleep(quiet.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (seen) {
            inbox.drainTo(seen);
            List<JsonNode> all = new ArrayList<>(seen);
            seen.clear();
            return all;
        }
    }

    private String received() {
        synchronized (seen) {
            return seen.toString();
        }
    }

    /** The close code the server sent, waiting for it up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("The server did not close the socket within " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean isOpen() {
        return !socket.isInputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006); // the connection ended without a close frame
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(Api.JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
