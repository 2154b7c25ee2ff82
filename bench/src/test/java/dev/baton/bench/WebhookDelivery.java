package dev.baton.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook delivery against a plain HTTP POST from the same JVM. A receiver (the JDK's HttpServer on
 * loopback, in this JVM) notes when each request arrives.
 *
 * <ul>
 *   <li>Latency: a visitor's {@code POST …/messages} until the receiver gets its {@code message_created}
 *       webhook (event → receiver: commit, durable reaction, outbox row, worker, signed POST). Baseline: this
 *       JVM POSTs a body of the same size straight to the receiver. One at a time, {@code bench.samples}
 *       (default 300) after {@code bench.warmup} (50).
 *   <li>Throughput: {@code bench.burst} (default 400) messages posted by 8 threads into 8 conversations, until
 *       the receiver has every webhook. Baseline: as many direct POSTs by 8 threads.
 * </ul>
 *
 * Baton must run with {@code --baton.webhooks.allow-private-networks=true} (the receiver is on loopback).
 *
 * <pre>java -cp bench/target/test-classes -Dbaton.url=http://localhost:18090 dev.baton.bench.WebhookDelivery</pre>
 */
public final class WebhookDelivery {

  static final int SAMPLES = Integer.getInteger("bench.samples", 300);
  static final int WARMUP = Integer.getInteger("bench.warmup", 50);
  static final int BURST = Integer.getInteger("bench.burst", 400);
  static final int THREADS = 8;
  static final Pattern MARK = Pattern.compile("\"content\"\\s*:\\s*\"(wh-[0-9a-z-]+)\"");
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        long now = System.nanoTime();
        Matcher m = MARK.matcher(body);
        if (m.find()) {
          arrivals.computeIfAbsent(m.group(1), k -> new CompletableFuture<>()).complete(now);
        }
        exchange.sendResponseHeaders(204, -1);
      }
    });
    receiver.start();
    String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

    Baton baton = Baton.signIn();
    String account = "/api/v1/accounts/" + baton.accountId;
    String inbox = Baton.post(account + "/inboxes",
        "{\"name\":\"bench webhooks\",\"channel\":{\"type\":\"web_widget\",\"website_url\":\"https://bench.example\"}}",
        baton.token);
    String websiteToken = Baton.str(inbox, "website_token");
    String webhook = Baton.post(account + "/webhooks",
        "{\"url\":\"" + receiverUrl + "\",\"subscriptions\":[\"message_created\"],\"name\":\"bench\"}", baton.token);
    String publicBase = "/public/api/v1/inboxes/" + websiteToken;
    List<String> conversations = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      String source = Baton.str(Baton.post(publicBase + "/contacts", "{\"name\":\"bench webhook visitor\"}", null), "source_id");
      long id = Baton.num(Baton.post(publicBase + "/contacts/" + source + "/conversations", "{}", null), "id");
      conversations.add(publicBase + "/contacts/" + source + "/conversations/" + id + "/messages");
    }
    // A body the size of a real delivery, for the baseline.
    String mark0 = "wh-probe";
    Baton.post(conversations.getFirst(), "{\"content\":\"" + mark0 + "\"}", null);
    arrivals.computeIfAbsent(mark0, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    int payloadBytes = samplePayloadSize(baton, webhook);
    String padding = "x".repeat(Math.max(0, payloadBytes - 60));

    String loadBefore = load();
    List<Long> webhookMs = new ArrayList<>();
    List<Long> directMs = new ArrayList<>(); // microseconds, as webhookMs
    int lost = 0;
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      String mark = "wh-l" + i;
      long t0 = System.nanoTime();
      Baton.post(conversations.getFirst(), "{\"content\":\"" + mark + "\"}", null);
      Long at = await(mark);
      String direct = "wh-d" + i;
      long t1 = System.nanoTime();
      postDirect(receiverUrl, "{\"event\":\"message_created\",\"content\":\"" + direct + "\",\"pad\":\"" + padding + "\"}");
      Long directAt = await(direct);
      if (i >= WARMUP) {
        if (at == null) {
          lost++;
        } else {
          webhookMs.add((at - t0) / 1_000);
        }
        if (directAt != null) {
          directMs.add((directAt - t1) / 1_000);
        }
      }
    }

    double webhookRate = burst(i -> Baton.post(conversations.get(i % THREADS), "{\"content\":\"wh-b" + i + "\"}", null), "wh-b");
    double directRate = burst(i -> postDirect(receiverUrl,
        "{\"event\":\"message_created\",\"content\":\"wh-x" + i + "\",\"pad\":\"" + padding + "\"}"), "wh-x");
    String loadAfter = load();

    System.out.println("load average (1/5/15 min) before: " + loadBefore + "; after: " + loadAfter + " (2 cores, shared)");
    System.out.println();
    System.out.println("payload of a message_created delivery: " + payloadBytes + " bytes");
    System.out.println();
    System.out.println("| measure | samples | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    row("webhook: visitor's POST → receiver", webhookMs);
    row("baseline: direct POST → receiver", directMs);
    System.out.println();
    System.out.printf("latency ratio webhook / direct: p50 %.1f, p95 %.1f%n", ratio(webhookMs, directMs, 0.50),
        ratio(webhookMs, directMs, 0.95));
    System.out.println("webhooks not received within 10 s: " + lost + " of " + SAMPLES);
    System.out.println();
    System.out.println("| throughput (" + BURST + " events, " + THREADS + " threads) | per second |");
    System.out.println("|---|---:|");
    System.out.printf("| webhook deliveries (visitor messages → receiver) | %.0f |%n", webhookRate);
    System.out.printf("| baseline: direct POSTs → receiver | %.0f |%n", directRate);
    System.out.printf("%nthroughput ratio webhook / direct: %.3f%n", webhookRate / directRate);
    receiver.stop(0);
    System.exit(0);
  }

  interface Send {
    void send(int i) throws Exception;
  }

  /** Sends {@code BURST} events from {@code THREADS} threads; the rate is counted until the receiver has all. */
  static double burst(Send send, String prefix) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch done = new CountDownLatch(BURST);
    long t0 = System.nanoTime();
    for (int i = 0; i < BURST; i++) {
      int n = i;
      pool.execute(() -> {
        try {
          send.send(n);
        } catch (Exception e) {
          System.out.println("send failed: " + e);
        } finally {
          done.countDown();
        }
      });
    }
    done.await(120, TimeUnit.SECONDS);
    long last = t0;
    int received = 0;
    for (int i = 0; i < BURST; i++) {
      Long at = awaitLong(prefix + i, 60);
      if (at != null) {
        received++;
        last = Math.max(last, at);
      }
    }
    pool.shutdown();
    if (received < BURST) {
      System.out.println(prefix + ": " + (BURST - received) + " of " + BURST + " not received within 60 s");
    }
    return received / ((last - t0) / 1e9);
  }

  static void postDirect(String url, String body) throws Exception {
    HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("receiver answered " + r.statusCode());
    }
  }

  static Long await(String mark) {
    return awaitLong(mark, 10);
  }

  static Long awaitLong(String mark, int seconds) {
    try {
      return arrivals.computeIfAbsent(mark, k -> new CompletableFuture<>()).get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /** The size of the probe's delivery as the log stores it. */
  static int samplePayloadSize(Baton baton, String webhook) {
    long id = Baton.num(webhook, "id");
    String log = Baton.get("/api/v1/accounts/" + baton.accountId + "/webhooks/" + id + "/deliveries?per_page=1", baton.token);
    int start = log.indexOf("\"payload\":{");
    return start < 0 ? 3000 : Math.max(200, log.length() - start - 600);
  }

  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  static double ratio(List<Long> a, List<Long> b, double p) {
    List<Long> x = new ArrayList<>(a);
    List<Long> y = new ArrayList<>(b);
    Collections.sort(x);
    Collections.sort(y);
    return percentile(x, p) / (double) Math.max(1, percentile(y, p));
  }

  static void row(String name, List<Long> values) {
    List<Long> s = new ArrayList<>(values);
    Collections.sort(s);
    if (s.isEmpty()) {
      System.out.println("| " + name + " | 0 | | | | |");
      return;
    }
    System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, s.size(), percentile(s, 0.50) / 1000.0,
        percentile(s, 0.95) / 1000.0, percentile(s, 0.99) / 1000.0, s.getLast() / 1000.0);
  }
}
