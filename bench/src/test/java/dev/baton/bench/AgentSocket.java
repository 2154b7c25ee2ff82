package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent workspace's socket ({@code /ws}) as the latency benches use it: resumed with nothing known, it stamps each
 * event on arrival ({@link System#nanoTime()}) and completes whoever waits for that event's type and key (an
 * {@code echo_id}, or a {@code conversation_id}); {@link #pingMillis} is the round trip baseline on the same socket.
 */
final class AgentSocket implements AutoCloseable {

  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ECHO = Pattern.compile("\"echo_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CONVERSATION = Pattern.compile("\"conversation_id\"\\s*:\\s*(\\d+)");

  private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
  private final WebSocket ws;

  private AgentSocket(String token) throws Exception {
    CompletableFuture<Long> resumed = expect("resumed", "");
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          final StringBuilder buffer = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
              arrived(buffer.toString(), System.nanoTime());
              buffer.setLength(0);
            }
            socket.request(1);
            return null;
          }
        };
    ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("api_access_token", token)
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(Baton.URL.replaceFirst("^http", "ws") + "/ws"), listener)
            .get(10, TimeUnit.SECONDS);
    ws.sendText("{\"type\":\"resume\",\"conversations\":{}}", true).get(5, TimeUnit.SECONDS);
    resumed.get(10, TimeUnit.SECONDS);
  }

  static AgentSocket open(Baton baton) throws Exception {
    return new AgentSocket(baton.token);
  }

  /**
   * Completes, with the arrival time, when an event of this type arrives for the key: the echo_id for
   * {@code message.created}, the conversation id for other conversation events, "" for control messages.
   */
  CompletableFuture<Long> expect(String type, String key) {
    return waiting.computeIfAbsent(type + " " + key, k -> new CompletableFuture<>());
  }

  /** When the expected event arrived, or null if not within 5 s; forgets the expectation either way. */
  Long arrival(String type, String key) throws Exception {
    CompletableFuture<Long> f = expect(type, key);
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return null;
    } finally {
      waiting.remove(type + " " + key);
    }
  }

  /** A ping -> pong round trip in nanoseconds, or null if no pong came within 5 s. */
  Long pingNanos() throws Exception {
    expect("pong", "");
    long p0 = System.nanoTime();
    ws.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
    Long p1 = arrival("pong", "");
    return p1 == null ? null : p1 - p0;
  }

  private void arrived(String text, long now) {
    Matcher type = TYPE.matcher(text);
    if (!type.find()) {
      return;
    }
    String t = type.group(1);
    Matcher key = t.equals("message.created") ? ECHO.matcher(text) : CONVERSATION.matcher(text);
    CompletableFuture<Long> f = waiting.get(t + " " + (key.find() ? key.group(1) : ""));
    if (f != null) {
      f.complete(now);
    }
  }

  @Override
  public void close() throws Exception {
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
  }
}
