package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency of agent API reads, one request at a time (no other load): each argument is {@code label=path}, the
 * path relative to the account ({@code /conversations?page=2000}). The paths are requested in turn,
 * {@code bench.warmup} (default 30) unmeasured rounds, then {@code bench.samples} (default 200) measured ones.
 * Prints one line per label: {@code label p50 p95 p99 max} in ms, from sending the request to the whole body read.
 * Used by bench/p5 and bench/reports.
 */
public final class ListLatency {

  public static void main(String[] args) throws Exception {
    int samples = Integer.getInteger("bench.samples", 200);
    int warmup = Integer.getInteger("bench.warmup", 30);
    Baton baton = Baton.signIn();
    Map<String, String> paths = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String path = arg.substring(eq + 1);
      paths.put(arg.substring(0, eq), path.startsWith("/api/")
          ? path.replace("{account}", String.valueOf(baton.accountId))
          : "/api/v1/accounts/" + baton.accountId + path);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    paths.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    for (int round = 0; round < warmup + samples; round++) {
      for (Map.Entry<String, String> p : paths.entrySet()) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(Baton.URL + p.getValue()))
            .header("api_access_token", baton.token).timeout(Duration.ofSeconds(30)).GET().build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(p.getValue() + " -> " + response.statusCode() + " " + response.body());
        }
        if (round >= warmup) {
          times.get(p.getKey()).add(ms);
        }
      }
    }
    for (Map.Entry<String, List<Double>> t : times.entrySet()) {
      List<Double> v = t.getValue();
      Collections.sort(v);
      System.out.printf("%s %.2f %.2f %.2f %.2f%n", t.getKey(), pct(v, 50), pct(v, 95), pct(v, 99), v.getLast());
    }
  }

  static double pct(List<Double> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
  }
}
