package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery latency: a visitor's POST of a message until the agent socket ({@code /ws}) receives its
 * {@code message.created} event. Baseline in the same run: a {@code ping} → {@code pong} round trip
 * on the same socket.
 *
 * <p>One sample at a time (no load besides this client): {@code bench.samples} (default 500)
 * samples after {@code bench.warmup} (default 50) unmeasured ones. Run after the Gatling
 * simulations (bench/run does):
 *
 * <pre>java -cp bench/target/test-classes -Dbaton.url=http://localhost:18090 dev.baton.bench.DeliveryLatency</pre>
 */
public final class DeliveryLatency {

  static final int SAMPLES = Integer.getInteger("bench.samples", 500);
  static final int WARMUP = Integer.getInteger("bench.warmup", 50);
  static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
  static final Pattern ECHO = Pattern.compile("\"echo_id\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    Baton baton = Baton.signIn();
    String source = baton.newContact("bench latency visitor");
    long conversation = baton.newConversation(source);
    String messages = baton.publicBase() + "/contacts/" + source + "/conversations/" + conversation + "/messages";

    Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
    AtomicReference<CompletableFuture<Long>> pong = new AtomicReference<>(new CompletableFuture<>());
    CompletableFuture<Void> resumed = new CompletableFuture<>();

    WebSocket.Listener listener =
        new WebSocket.Listener() {
          final StringBuilder buffer = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
              long now = System.nanoTime();
              String text = buffer.toString();
              buffer.setLength(0);
              Matcher type = TYPE.matcher(text);
              String t = type.find() ? type.group(1) : "";
              switch (t) {
                case "message.created" -> {
                  Matcher echo = ECHO.matcher(text);
                  if (echo.find()) {
                    CompletableFuture<Long> f = waiting.get(echo.group(1));
                    if (f != null) {
                      f.complete(now);
                    }
                  }
                }
                case "pong" -> pong.get().complete(now);
                case "resumed" -> resumed.complete(null);
                default -> {}
              }
            }
            ws.request(1);
            return null;
          }
        };

    String wsUrl = Baton.URL.replaceFirst("^http", "ws") + "/ws";
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("api_access_token", baton.token)
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(URI.create(wsUrl), listener)
            .get(10, TimeUnit.SECONDS);
    ws.sendText("{\"type\":\"resume\",\"conversations\":{}}", true).get(5, TimeUnit.SECONDS);
    resumed.get(10, TimeUnit.SECONDS);

    List<Long> delivery = new ArrayList<>();
    List<Long> post = new ArrayList<>();
    List<Long> ping = new ArrayList<>();
    int lost = 0;
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      boolean measured = i >= WARMUP;
      String echo = "lat-" + conversation + "-" + i;
      CompletableFuture<Long> received = new CompletableFuture<>();
      waiting.put(echo, received);
      long t0 = System.nanoTime();
      Baton.post(messages, "{\"content\":\"latency " + i + "\",\"echo_id\":\"" + echo + "\"}", null);
      long t1 = System.nanoTime();
      try {
        long t2 = received.get(5, TimeUnit.SECONDS);
        if (measured) {
          delivery.add(t2 - t0);
          post.add(t1 - t0);
        }
      } catch (java.util.concurrent.TimeoutException e) {
        lost++;
      }
      waiting.remove(echo);

      pong.set(new CompletableFuture<>());
      long p0 = System.nanoTime();
      ws.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
      long p1 = pong.get().get(5, TimeUnit.SECONDS);
      if (measured) {
        ping.add(p1 - p0);
      }
    }
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

    System.out.println("| measure | samples | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    row("baseline: ws ping -> pong", ping);
    row("visitor POST message (HTTP answer)", post);
    row("visitor POST -> agent socket message.created", delivery);
    System.out.println("events not received within 5 s: " + lost + " of " + (WARMUP + SAMPLES));
  }

  static void row(String name, List<Long> nanos) {
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    System.out.printf(
        "| %s | %d | %s | %s | %s | %s |%n",
        name, s.size(), ms(pct(s, 50)), ms(pct(s, 95)), ms(pct(s, 99)), ms(s.isEmpty() ? 0 : s.get(s.size() - 1)));
  }

  static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static String ms(long nanos) {
    return String.format("%.2f", nanos / 1e6);
  }
}
