package dev.baton.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * P4 (issue 15): a visitor's handoff request ({@code POST …/handoff} on the public API) until the agent's socket
 * ({@code /ws}) receives the {@code offer.created} for that conversation. Baselines from the same run, on the same
 * socket: the visitor's message until its {@code message.created} (P3, one at a time), and a {@code ping} →
 * {@code pong}.
 *
 * <p>The signed-in administrator is made available and is the demo team's agent. Each sample is a new visitor and
 * conversation in the demo inbox: one message (P3), the handoff (P4), then the visitor cancels it and the bench waits
 * for the {@code offer.withdrawn}, so that every handoff finds the agent free. One sample at a time:
 * {@code bench.samples} (default 200) after {@code bench.warmup} (default 20). With {@code bench.inbox=live} the samples
 * run in a new inbox without a bot (live chat only, the administrator its one agent, no team) instead of the demo
 * inbox, whose story answers every visitor message: the same paths without the bot's reactions beside them. With
 * {@code bench.inbox=demo-paced} the demo inbox again, but the visitor reads for {@code bench.think-ms} (default 300)
 * after the conversation opens and after the message's delivery, as a person would, so that the bot's greeting and
 * answer are done before the next request: the request no longer queues behind the bot's earlier work on the
 * conversation (its row lock); the bot's reactions to the handoff itself still run beside the dispatch.
 *
 * <pre>java -cp bench/target/test-classes -Dbaton.url=http://localhost:18090 dev.baton.bench.HandoffLatency</pre>
 */
public final class HandoffLatency {

  static final int SAMPLES = Integer.getInteger("bench.samples", 200);
  static final int WARMUP = Integer.getInteger("bench.warmup", 20);

  static final String INBOX = System.getProperty("bench.inbox", "demo");

  /** The visitor's reading time before each request (outside the timed windows); only for {@code demo-paced}. */
  static final long THINK_MS = INBOX.equals("demo-paced") ? Integer.getInteger("bench.think-ms", 300) : 0;

  public static void main(String[] args) throws Exception {
    Baton baton = Baton.signIn();
    if (INBOX.equals("live")) {
      baton = baton.liveChatInboxServedBy(List.of(Baton.num(Baton.get("/api/v1/profile", baton.token), "id")), "bench live " + System.nanoTime());
    }
    AgentSocket socket = AgentSocket.open(baton);
    Baton.put("/api/v1/profile/availability", "{\"availability\":\"available\",\"account_id\":" + baton.accountId + "}", baton.token);

    List<Long> handoff = new ArrayList<>();
    List<Long> delivery = new ArrayList<>();
    List<Long> ping = new ArrayList<>();
    int lost = 0;
    String run = Long.toString(System.currentTimeMillis(), 36);
    for (int i = 0; i < WARMUP + SAMPLES; i++) {
      boolean measured = i >= WARMUP;
      String source = baton.newContact("bench handoff " + i);
      long conversation = baton.newConversation(source);
      String id = Long.toString(conversation);
      String base = baton.publicBase() + "/contacts/" + source + "/conversations/" + conversation;

      String echo = "p4-" + run + "-" + i;
      Thread.sleep(THINK_MS);
      socket.expect("message.created", echo);
      long m0 = System.nanoTime();
      Baton.post(base + "/messages", "{\"content\":\"hello " + i + "\",\"echo_id\":\"" + echo + "\"}", null);
      Long m1 = socket.arrival("message.created", echo);

      Thread.sleep(THINK_MS);
      socket.expect("offer.created", id);
      socket.expect("offer.withdrawn", id);
      long h0 = System.nanoTime();
      Baton.post(base + "/handoff", "{}", null);
      Long h1 = socket.arrival("offer.created", id);
      Baton.post(base + "/handoff/cancel", "{}", null);
      socket.arrival("offer.withdrawn", id);

      Long roundTrip = socket.pingNanos();
      if (m1 == null || h1 == null || roundTrip == null) {
        lost++;
      } else if (measured) {
        delivery.add(m1 - m0);
        handoff.add(h1 - h0);
        ping.add(roundTrip);
      }
    }
    socket.close();

    System.out.println("| measure | samples | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    DeliveryLatency.row("baseline: ws ping -> pong", ping);
    DeliveryLatency.row("baseline (P3): visitor POST message -> agent socket message.created", delivery);
    DeliveryLatency.row("P4: visitor POST handoff -> agent socket offer.created", handoff);
    System.out.println();
    Collections.sort(handoff);
    Collections.sort(delivery);
    long p3 = DeliveryLatency.pct(delivery, 99);
    System.out.printf("P4 p99 / P3 p99: %.2f; samples lost (an event not received within 5 s): %d of %d%n",
        p3 == 0 ? 0 : (double) DeliveryLatency.pct(handoff, 99) / p3, lost, WARMUP + SAMPLES);
  }
}
