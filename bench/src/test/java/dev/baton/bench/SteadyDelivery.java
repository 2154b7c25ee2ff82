package dev.baton.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * P3 (issue 15): a visitor's message until the agent's socket receives its {@code message.created}, while visitors
 * send at a steady rate ({@code bench.rate} messages per second, open loop: a send does not wait for the one
 * before) for {@code bench.seconds} (default 20) after {@code bench.warmup-seconds} (default 5) unmeasured, spread
 * over {@code bench.visitors} (default 32) conversations in a new inbox without a bot. Baseline in the same run: a
 * ping -> pong on the same socket every 100 ms during the measured part. The POST's own answer time is printed too:
 * the event is published after the message's commit, so the request is the floor of the delivery.
 *
 * <pre>java -cp bench/target/test-classes -Dbaton.url=http://localhost:18090 -Dbench.rate=400 dev.baton.bench.SteadyDelivery</pre>
 */
public final class SteadyDelivery {

  public static void main(String[] args) throws Exception {
    double rate = Double.parseDouble(System.getProperty("bench.rate", "100"));
    int seconds = Integer.getInteger("bench.seconds", 20);
    int warmup = Integer.getInteger("bench.warmup-seconds", 5);
    int visitors = Integer.getInteger("bench.visitors", 32);
    Baton baton = Baton.signIn().liveChatInbox("bench steady " + Long.toString(System.currentTimeMillis(), 36));
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < visitors; i++) {
      String source = baton.newContact("bench steady " + i);
      paths.add(baton.publicBase() + "/contacts/" + source + "/conversations/" + baton.newConversation(source) + "/messages");
    }

    AgentSocket socket = AgentSocket.open(baton);
    ConcurrentLinkedQueue<Long> delivery = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> ping = new ConcurrentLinkedQueue<>();
    // the POST's own answer, to tell the request's time from the delivery after its commit
    ConcurrentLinkedQueue<Long> answer = new ConcurrentLinkedQueue<>();
    AtomicInteger lost = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long interval = (long) (1e9 / rate);
    long total = (long) ((warmup + seconds) * rate);
    long start = System.nanoTime();
    long measuredFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    String run = Long.toString(start, 36);

    Thread pinger =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    LockSupport.parkNanos(Math.max(0, measuredFrom - System.nanoTime()));
                    while (!Thread.currentThread().isInterrupted()) {
                      Long roundTrip = socket.pingNanos();
                      if (roundTrip != null) {
                        ping.add(roundTrip);
                      }
                      Thread.sleep(100);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long n = 0; n < total; n++) {
        long due = start + n * interval;
        LockSupport.parkNanos(due - System.nanoTime());
        String path = paths.get((int) (n % visitors));
        String echo = "p3-" + run + "-" + n;
        boolean measured = due >= measuredFrom;
        senders.submit(
            () -> {
              socket.expect("message.created", echo);
              long t0 = System.nanoTime();
              try {
                Baton.post(path, "{\"content\":\"steady\",\"echo_id\":\"" + echo + "\"}", null);
                if (measured) {
                  answer.add(System.nanoTime() - t0);
                }
              } catch (RuntimeException e) {
                failed.incrementAndGet();
                return null;
              }
              Long t1 = socket.arrival("message.created", echo);
              if (t1 == null) {
                lost.incrementAndGet();
              } else if (measured) {
                delivery.add(t1 - t0);
              }
              return null;
            });
      }
    }
    long elapsed = System.nanoTime() - start;
    pinger.interrupt();
    pinger.join();
    socket.close();

    System.out.println("| measure | samples | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    DeliveryLatency.row("baseline: ws ping -> pong (every 100 ms, under the load)", new ArrayList<>(ping));
    DeliveryLatency.row(String.format("P3: visitor POST -> agent socket message.created at %.0f msg/s", rate), new ArrayList<>(delivery));
    DeliveryLatency.row("the same POSTs: visitor POST -> its HTTP answer", new ArrayList<>(answer));
    System.out.println();
    List<Long> d = new ArrayList<>(delivery);
    List<Long> p = new ArrayList<>(ping);
    Collections.sort(d);
    Collections.sort(p);
    long pingP99 = DeliveryLatency.pct(p, 99);
    System.out.printf(
        "sent %d in %.1f s (%.0f msg/s asked); P3 p99 / ping p99: %.1f; failed POSTs: %d; events not received within 5 s: %d%n",
        total, elapsed / 1e9, rate, pingP99 == 0 ? 0 : (double) DeliveryLatency.pct(d, 99) / pingP99, failed.get(), lost.get());
  }
}
