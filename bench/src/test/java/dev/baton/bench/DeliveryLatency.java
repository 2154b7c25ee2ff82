package dev.baton.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

  public static void main(String[] args) throws Exception {
    Baton baton = Baton.signIn();
    String source = baton.newContact("bench latency visitor");
    long conversation = baton.newConversation(source);
    String messages = baton.publicBase() + "/contacts/" + source + "/conversations/" + conversation + "/messages";

    AgentSocket socket = AgentSocket.open(baton);

    List<Long> delivery = new ArrayList<>();
    List<Long> post = new ArrayList<>();
    List<Long> ping = new ArrayList<>();
    int lost = 0;
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      boolean measured = i >= WARMUP;
      String echo = "lat-" + conversation + "-" + i;
      socket.expect("message.created", echo);
      long t0 = System.nanoTime();
      Baton.post(messages, "{\"content\":\"latency " + i + "\",\"echo_id\":\"" + echo + "\"}", null);
      long t1 = System.nanoTime();
      Long t2 = socket.arrival("message.created", echo);
      if (t2 == null) {
        lost++;
      } else if (measured) {
        delivery.add(t2 - t0);
        post.add(t1 - t0);
      }
      Long roundTrip = socket.pingNanos();
      if (measured && roundTrip != null) {
        ping.add(roundTrip);
      }
    }
    socket.close();

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
