package dev.baton.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver on loopback in the test JVM (the JDK's HttpServer): records every request, and answers
 * what the test scripted (default 200). {@link #hang()} makes the next answers wait until {@link #close()},
 * as a receiver that never answers.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One POST as it arrived. Header names are lower case. */
    public record Request(String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public JsonNode json() {
            return Api.JSON.readTree(body);
        }

        public String event() {
            return json().path("event").asString();
        }
    }

    /** A scripted answer: status, headers, body; {@code hang} waits for the receiver to close. */
    public record Answer(int status, Map<String, String> headers, String body, boolean hang) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", false);
        }
    }

    private final HttpServer server;
    private final List<Request> all = new ArrayList<>();
    private final java.util.BitSet taken = new java.util.BitSet();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Answer otherwise = Answer.status(200);

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
                synchronized (all) {
                    all.add(new Request(exchange.getRequestURI().getPath(), headers, body));
                    all.notifyAll();
                }
                Answer answer = script.poll();
                if (answer == null) {
                    answer = otherwise;
                }
                if (answer.hang()) {
                    released.await(120, TimeUnit.SECONDS);
                    return;
                }
                answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String url() {
        return url("/hook");
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers, in order; afterwards {@link #answerOtherwise}. */
    public WebhookReceiver then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public WebhookReceiver answerOtherwise(Answer answer) {
        this.otherwise = answer;
        return this;
    }

    /** The next request not taken yet, waiting up to {@code timeout} for it. */
    public Request next(Duration timeout) {
        return next(r -> true, timeout);
    }

    /** The next request of this event not taken yet (others stay for later calls). */
    public Request next(String event, Duration timeout) {
        return next(r -> event.equals(r.event()), timeout);
    }

    /** The first request not taken yet that matches, waiting up to {@code timeout}; it is taken. */
    public Request next(Predicate<Request> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (all) {
            while (true) {
                for (int i = 0; i < all.size(); i++) {
                    if (!taken.get(i) && matching.test(all.get(i))) {
                        taken.set(i);
                        return all.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching webhook request arrived within " + timeout + "; got " + all.size()
                            + ": " + all.stream().map(Request::event).toList());
                }
                try {
                    all.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** Every request received so far, taken or not. */
    public List<Request> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
