package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Visitor messages accepted per second on the public API: {@code bench.clients} (default 8) visitors, each with its
 * own conversation, each posting {@code bench.messages} (default 200) messages one after another as fast as the
 * answers come. With {@code bench.setup-only=true} it only creates the visitors and conversations and prints
 * their message paths to standard output (one a line), in the demo inbox (its bot answers every message) or, with
 * {@code bench.live-chat=true}, in a new inbox without a bot; otherwise it reads those paths from the file named by
 * {@code bench.paths} and prints {@code messages seconds messages_per_second failed}. Used by bench/p2, which
 * counts commits and Baton's CPU time around the measured part only.
 */
public final class MessageThroughput {

  /** Makes every run's echo ids new: a repeated echo_id is an idempotent retry, which writes nothing. */
  static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  public static void main(String[] args) throws Exception {
    int clients = Integer.getInteger("bench.clients", 8);
    int messages = Integer.getInteger("bench.messages", 200);
    if (Boolean.getBoolean("bench.setup-only")) {
      Baton baton = Baton.signIn();
      if (Boolean.getBoolean("bench.live-chat")) {
        baton = baton.liveChatInbox("bench live chat " + RUN);
      }
      for (int i = 0; i < clients; i++) {
        String source = baton.newContact("bench throughput " + i);
        long conversation = baton.newConversation(source);
        System.out.println(baton.publicBase() + "/contacts/" + source + "/conversations/" + conversation + "/messages");
      }
      return;
    }
    List<String> paths = java.nio.file.Files.readAllLines(java.nio.file.Path.of(System.getProperty("bench.paths")));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(paths.size());
    List<Callable<Void>> tasks = new ArrayList<>();
    for (String path : paths) {
      tasks.add(() -> {
        for (int m = 0; m < messages; m++) {
          HttpRequest request = HttpRequest.newBuilder(URI.create(Baton.URL + path))
              .header("content-type", "application/json").timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"throughput message " + m + "\",\"echo_id\":\"" + RUN + "-" + m + "\"}"))
              .build();
          HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            failed.incrementAndGet();
          }
        }
        return null;
      });
    }
    long start = System.nanoTime();
    for (Future<Void> f : pool.invokeAll(tasks)) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long total = (long) paths.size() * messages;
    System.out.printf("%d %.3f %.1f %d%n", total, seconds, total / seconds, failed.get());
  }
}
