package dev.baton.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Setup calls made before a simulation starts (sign in, find the demo inbox, make a contact and a
 * conversation), with the JDK's HTTP client. These calls are not measured.
 *
 * <p>Settings (system properties): {@code baton.url} (default http://localhost:18090, must be
 * a loopback address), {@code baton.email} (admin@baton.local), {@code baton.password}
 * (bench-pass-1).
 */
public final class Baton {

  public static final String URL = System.getProperty("baton.url", "http://localhost:18090");
  public static final String EMAIL = System.getProperty("baton.email", "admin@baton.local");
  public static final String PASSWORD = System.getProperty("baton.password", "bench-pass-1");

  public final String token;
  public final long accountId;
  public final String websiteToken;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Baton(String token, long accountId, String websiteToken) {
    this.token = token;
    this.accountId = accountId;
    this.websiteToken = websiteToken;
  }

  /** Signs in as the administrator and finds the demo inbox's website token. */
  public static Baton signIn() {
    String host = URI.create(URL).getHost();
    if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("benchmarks only target loopback addresses, not " + URL);
    }
    String signIn =
        post(
            "/auth/sign_in",
            "{\"email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}",
            null);
    String token = str(signIn, "access_token");
    long account = num(signIn, "account_id");
    String inboxes = get("/api/v1/accounts/" + account + "/inboxes", token);
    return new Baton(token, account, str(inboxes, "website_token"));
  }

  public String publicBase() {
    return "/public/api/v1/inboxes/" + websiteToken;
  }

  /** Creates a visitor; returns its source_id. */
  public String newContact(String name) {
    return str(post(publicBase() + "/contacts", "{\"name\":\"" + name + "\"}", null), "source_id");
  }

  /** Opens a conversation for a visitor; returns its id. */
  public long newConversation(String sourceId) {
    return num(post(publicBase() + "/contacts/" + sourceId + "/conversations", "{}", null), "id");
  }

  public static String get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(URL + path)).GET();
    return send(b, token);
  }

  public static String post(String path, String json, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(URL + path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(b, token);
  }

  private static String send(HttpRequest.Builder b, String token) {
    if (token != null) {
      b.header("api_access_token", token);
    }
    try {
      HttpResponse<String> r =
          HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(r.request().uri() + " -> " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("Baton not reachable at " + URL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** First string value of a field in a JSON text (enough for the flat answers used here). */
  public static String str(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return m.group(1);
  }

  /** First number value of a field in a JSON text. */
  public static long num(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }
}
