package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P4's drain (issue 15): {@code bench.handoffs} (1,000) visitor conversations handed off at once to a sequential team
 * of {@code bench.agents} (20) agents of capacity {@code bench.capacity} (3), as RoutingConcurrencyIntegrationTests
 * does, but against a running Baton: one node, or the production topology through nginx
 * ({@code deploy/local/run-two-nodes}). Every agent holds a workspace socket ({@code /ws}, through {@code baton.url}:
 * behind nginx they spread over the nodes), accepts every {@code offer.created} it receives on it at once, and resolves
 * the conversation 5–40 ms after its accept was answered.
 *
 * <p>Measured: the drain (the first handoff POST until the last conversation's accept is answered), offers per
 * conversation, offers per second, and two counts that must be 0: double offers (an {@code offer.created} for a
 * conversation while another offer of it was still unanswered, or after it was assigned) and conversations assigned
 * twice (two accepts answered 200). An unmeasured warm-up of {@code bench.warmup} (100) handoffs runs first, in the
 * same way. With {@code bench.pids} (the nodes' process ids, separated by spaces) it also prints the CPU time the nodes
 * used during the measured drain (from {@code /proc/<pid>/stat}), per handoff: a figure that does not depend on the
 * machine's load. Prints one Markdown table row (without the first column) and a line of details on stderr.
 *
 * <pre>java -cp bench/target/test-classes -Dbaton.url=http://127.0.0.1:18180 dev.baton.bench.HandoffDrain</pre>
 */
public final class HandoffDrain {

  static final int HANDOFFS = Integer.getInteger("bench.handoffs", 1000);
  static final int WARMUP = Integer.getInteger("bench.warmup", 100);
  static final int AGENTS = Integer.getInteger("bench.agents", 20);
  static final int CAPACITY = Integer.getInteger("bench.capacity", 3);
  static final int FIRING_THREADS = Integer.getInteger("bench.firing-threads", 32);
  static final Duration LIMIT = Duration.ofSeconds(Integer.getInteger("bench.limit-seconds", 600));

  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern CONVERSATION = Pattern.compile("\"conversation_id\"\\s*:\\s*(\\d+)");
  private static final Pattern OFFER_ID = Pattern.compile("\"data\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One round's bookkeeping, written by the agents' socket and HTTP threads. */
  static final class Round {
    final Set<Long> conversations;
    final long[] started = {0};
    final AtomicLong lastAssigned = new AtomicLong();
    final AtomicInteger offers = new AtomicInteger();
    final AtomicInteger doubleOffers = new AtomicInteger();
    final AtomicInteger assignedTwice = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();
    /** Handoff requests answered 5xx (or not at all) at least once, then sent again. */
    final AtomicInteger retried = new AtomicInteger();
    /** conversation -> agent whose offer is unanswered; conversation -> agent it was assigned to. */
    final Map<Long, Long> pending = new ConcurrentHashMap<>();
    final Map<Long, Long> assigned = new ConcurrentHashMap<>();
    final CountDownLatch done;

    Round(List<Long> conversations) {
      this.conversations = Set.copyOf(conversations);
      this.done = new CountDownLatch(conversations.size());
    }
  }

  private static volatile Round round;

  public static void main(String[] args) throws Exception {
    Baton admin = Baton.signIn();
    String account = "/api/v1/accounts/" + admin.accountId;
    String run = Long.toString(System.currentTimeMillis(), 36);
    Baton.patch(account, "{\"licence_seats\":" + (AGENTS + 1) + "}", admin.token);
    long teamId = Baton.num(Baton.post(account + "/teams", "{\"name\":\"Drain " + run + "\",\"offer_mode\":\"sequential\","
        + "\"offer_timeout_seconds\":600,\"handoff_timeout_seconds\":3600}", admin.token), "id");

    List<Agent> agents = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      String email = "drain-" + run + "-" + i + "@bench.local";
      String password = "drain-pass-" + run;
      long id = Baton.num(Baton.post(account + "/agents", "{\"name\":\"Drain agent " + i + "\",\"email\":\"" + email
          + "\",\"role\":\"agent\",\"password\":\"" + password + "\",\"licensed\":true,\"capacity\":" + CAPACITY + "}",
          admin.token), "id");
      ids.add(id);
      agents.add(new Agent(id, email, password));
    }
    Baton.post(account + "/teams/" + teamId + "/team_members", "{\"user_ids\":" + ids + "}", admin.token);
    Baton visitors = admin.liveChatInboxServedBy(ids, "Drain " + run);
    ScheduledExecutorService resolver = Executors.newScheduledThreadPool(4);
    for (Agent a : agents) {
      a.connect(account, resolver);
      Baton.put("/api/v1/profile/availability", "{\"availability\":\"available\",\"account_id\":" + admin.accountId + "}", a.token);
    }

    System.err.println("agent sockets per node: " + socketsPerNode(admin.token));

    if (WARMUP > 0) {
      Round warmup = drain(visitors, account, teamId, conversations(visitors, WARMUP, "warm-up"), admin.token);
      System.err.printf("warm-up: %d handoff requests retried after a 5xx, %d HTTP errors%n", warmup.retried.get(),
          warmup.errors.get());
    }
    List<Long> measuredConversations = conversations(visitors, HANDOFFS, "drain");
    long cpu0 = cpuMillis();
    Round measured = drain(visitors, account, teamId, measuredConversations, admin.token);
    long cpu = cpuMillis() - cpu0;
    for (Agent a : agents) {
      a.close();
    }
    resolver.shutdown();

    double seconds = (measured.lastAssigned.get() - measured.started[0]) / 1e9;
    long left = measured.done.getCount();
    // | handoffs | agents x capacity | drain s | offers / conversation | offers/s | double offers | assigned twice | CPU ms / handoff |
    System.out.printf("| %d | %d x %d | %.2f | %.3f | %.1f | %d | %d | %s |%n", HANDOFFS, AGENTS, CAPACITY, seconds,
        (double) measured.offers.get() / HANDOFFS, measured.offers.get() / seconds, measured.doubleOffers.get(),
        measured.assignedTwice.get(), cpu < 0 ? "" : String.format("%.1f", (double) cpu / HANDOFFS));
    System.err.printf("drain: %d offers, %d accepts refused, %d HTTP errors, %d handoff requests retried after a 5xx,"
        + " %d conversations not assigned within %d s%n", measured.offers.get(), measured.refused.get(),
        measured.errors.get(), measured.retried.get(), left, LIMIT.toSeconds());
    System.exit(left == 0 && measured.doubleOffers.get() == 0 && measured.assignedTwice.get() == 0 ? 0 : 1);
  }

  /** The CPU time (user + system) of the processes in {@code bench.pids}, in ms; -1 without them. */
  private static long cpuMillis() {
    String pids = System.getProperty("bench.pids", "").trim();
    if (pids.isEmpty()) {
      return -1;
    }
    long ticks = 0;
    for (String pid : pids.split("\\s+")) {
      try {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
      } catch (Exception e) {
        return -1;
      }
    }
    return ticks * 10; // 100 ticks per second (USER_HZ on Linux)
  }

  /**
   * The agents' sockets on each node named in {@code bench.nodes} (their direct URLs, separated by spaces), from the
   * node's own {@code baton_sockets{kind="agent"}} meter: how nginx spread them.
   */
  private static String socketsPerNode(String token) {
    List<String> counts = new ArrayList<>();
    for (String node : System.getProperty("bench.nodes", "").trim().split("\\s+")) {
      if (node.isEmpty()) {
        continue;
      }
      try {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(node + "/actuator/prometheus"))
            .header("api_access_token", token).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        counts.add(metrics.lines().filter(l -> l.startsWith("baton_sockets{kind=\"agent\"}"))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1).replaceFirst("\\.0$", "")).findFirst().orElse("?"));
      } catch (Exception e) {
        counts.add("?");
      }
    }
    return String.join(" / ", counts);
  }

  /** Visitors' conversations in the drain inbox (8 threads; not measured). */
  private static List<Long> conversations(Baton visitors, int n, String label) throws Exception {
    List<Long> out = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> made = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        made.add(pool.submit(() -> out.add(visitors.newConversation(visitors.newContact(label + " visitor " + k)))));
      }
      for (Future<?> f : made) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /** Hands the conversations off at once ({@code bench.firing-threads} threads) and waits until each is assigned. */
  private static Round drain(Baton visitors, String account, long teamId, List<Long> conversations, String token)
      throws Exception {
    Round r = new Round(conversations);
    round = r;
    ExecutorService firing = Executors.newFixedThreadPool(FIRING_THREADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> fired = new ArrayList<>();
      for (long id : conversations) {
        fired.add(firing.submit(() -> {
          go.await();
          int status = handoff(account, id, teamId, token, r);
          if (status != 200) {
            r.errors.incrementAndGet();
            System.err.println("handoff of " + id + " answered " + status);
          }
          return null;
        }));
      }
      r.started[0] = System.nanoTime();
      go.countDown();
      for (Future<?> f : fired) {
        f.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      firing.shutdownNow();
    }
    r.done.await(LIMIT.toSeconds(), TimeUnit.SECONDS);
    return r;
  }

  /** Attempts per handoff request: a 5xx (a refused connection from the pool under the burst) is sent again. */
  private static final int HANDOFF_ATTEMPTS = 5;

  /**
   * The handoff, sent again (at most {@link #HANDOFF_ATTEMPTS} times, a growing pause between) while it answers 5xx or
   * not at all, so that one refused request does not leave the round waiting until its time limit. A 409 after a
   * retry means an earlier attempt did commit: the handoff is open, which is what was asked.
   */
  private static int handoff(String account, long id, long teamId, String token, Round r) throws InterruptedException {
    int status = -1;
    for (int attempt = 1; attempt <= HANDOFF_ATTEMPTS; attempt++) {
      status = send("POST", account + "/conversations/" + id + "/handoff",
          "{\"team_id\":" + teamId + ",\"reason\":\"drain bench\"}", token);
      if (attempt > 1 && status == 409) {
        return 200;
      }
      if (status != -1 && status < 500) {
        return status;
      }
      if (attempt == 1) {
        r.retried.incrementAndGet();
      }
      System.err.println("handoff of " + id + " answered " + status + " (attempt " + attempt + ")");
      Thread.sleep(200L * attempt);
    }
    return status;
  }

  /** An HTTP call's status code; -1 when the exchange failed. */
  static int send(String method, String path, String json, String token) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(Baton.URL + path)).timeout(Duration.ofSeconds(60))
          .header("content-type", "application/json").header("api_access_token", token)
          .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** A drain agent: its workspace socket, on which it accepts every offer and later resolves the conversation. */
  static final class Agent {
    final long id;
    final String email;
    final String password;
    String token;
    WebSocket ws;

    Agent(long id, String email, String password) {
      this.id = id;
      this.email = email;
      this.password = password;
    }

    void connect(String account, ScheduledExecutorService resolver) throws Exception {
      token = Baton.signIn(email, password).token;
      CompletableFuture<Void> resumed = new CompletableFuture<>();
      WebSocket.Listener listener = new WebSocket.Listener() {
        final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
          buffer.append(data);
          if (last) {
            String text = buffer.toString();
            buffer.setLength(0);
            Matcher type = TYPE.matcher(text);
            if (type.find()) {
              switch (type.group(1)) {
                case "resumed" -> resumed.complete(null);
                case "offer.created" -> offered(text, account, resolver);
                default -> { }
              }
            }
          }
          socket.request(1);
          return null;
        }
      };
      ws = HTTP.newWebSocketBuilder().header("api_access_token", token).connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create(Baton.URL.replaceFirst("^http", "ws") + "/ws"), listener).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"type\":\"resume\",\"conversations\":{}}", true).get(5, TimeUnit.SECONDS);
      resumed.get(10, TimeUnit.SECONDS);
    }

    /** On the socket's thread: counts the offer, then accepts it on a virtual thread. */
    private void offered(String text, String account, ScheduledExecutorService resolver) {
      Round r = round;
      Matcher c = CONVERSATION.matcher(text);
      Matcher o = OFFER_ID.matcher(text);
      if (r == null || !c.find() || !o.find()) {
        return;
      }
      long conversation = Long.parseLong(c.group(1));
      long offer = Long.parseLong(o.group(1));
      if (!r.conversations.contains(conversation)) {
        return;
      }
      r.offers.incrementAndGet();
      if (r.pending.putIfAbsent(conversation, id) != null || r.assigned.containsKey(conversation)) {
        r.doubleOffers.incrementAndGet();
      }
      Thread.ofVirtual().start(() -> {
        int status = send("POST", account + "/offers/" + offer + "/accept", "{}", token);
        r.pending.remove(conversation, id);
        if (status == 200) {
          long now = System.nanoTime();
          r.lastAssigned.accumulateAndGet(now, Math::max);
          if (r.assigned.putIfAbsent(conversation, id) != null) {
            r.assignedTwice.incrementAndGet();
          } else {
            r.done.countDown();
          }
          resolver.schedule(() -> {
            if (send("POST", account + "/conversations/" + conversation + "/toggle_status", "{\"status\":\"resolved\"}", token) != 200) {
              r.errors.incrementAndGet();
            }
          }, ThreadLocalRandom.current().nextLong(5, 40), TimeUnit.MILLISECONDS);
        } else {
          r.refused.incrementAndGet();
          System.err.println("accept of offer " + offer + " (conversation " + conversation + ") by " + id + " answered " + status);
        }
      });
    }

    void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }
}
