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
    return signIn(EMAIL, PASSWORD);
  }

  /** Signs in as this person (a member of one account) and finds that account's first inbox's website token. */
  public static Baton signIn(String email, String password) {
    String host = URI.create(URL).getHost();
    if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
      throw new IllegalArgumentException("benchmarks only target loopback addresses, not " + URL);
    }
    // The sign-in answer carries no token (only its hash is stored): with the session, make a new one.
    java.net.CookieManager cookies = new java.net.CookieManager();
    HttpClient session = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(cookies).build();
    String signIn =
        send(
            session,
            HttpRequest.newBuilder(URI.create(URL + "/auth/sign_in"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")),
            null);
    long account = num(signIn, "account_id");
    String xsrf = xsrf(cookies);
    if (xsrf == null) {
      send(session, HttpRequest.newBuilder(URI.create(URL + "/api/v1/profile")).GET(), null);
      xsrf = xsrf(cookies);
    }
    String token =
        str(
            send(
                session,
                HttpRequest.newBuilder(URI.create(URL + "/api/v1/profile/reset_access_token"))
                    .header("content-type", "application/json")
                    .header("X-XSRF-TOKEN", xsrf == null ? "" : xsrf)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")),
                null),
            "access_token");
    String inboxes = get("/api/v1/accounts/" + account + "/inboxes", token);
    return new Baton(token, account, inboxes.contains("\"website_token\":\"") ? str(inboxes, "website_token") : null);
  }

  /** A new web-widget inbox with no bot (live chat only): the visitor's messages wait for a person. */
  public Baton liveChatInbox(String name) {
    String inbox =
        post(
            "/api/v1/accounts/" + accountId + "/inboxes",
            "{\"name\":\"" + name + "\",\"channel\":{\"type\":\"api\"}}",
            token);
    String identifier = inbox.contains("\"website_token\":\"") ? str(inbox, "website_token") : str(inbox, "inbox_identifier");
    return new Baton(token, accountId, identifier);
  }

  /** As {@link #liveChatInbox}, with these agents its members (its queue without a team: the inbox's agents). */
  public Baton liveChatInboxServedBy(java.util.List<Long> agentIds, String name) {
    String inbox =
        post(
            "/api/v1/accounts/" + accountId + "/inboxes",
            "{\"name\":\"" + name + "\",\"channel\":{\"type\":\"api\"}}",
            token);
    post("/api/v1/accounts/" + accountId + "/inbox_members",
        "{\"inbox_id\":" + num(inbox, "id") + ",\"user_ids\":" + agentIds + "}", token);
    String identifier = inbox.contains("\"website_token\":\"") ? str(inbox, "website_token") : str(inbox, "inbox_identifier");
    return new Baton(token, accountId, identifier);
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

  public static String patch(String path, String json, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(URL + path))
            .header("content-type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
    return send(b, token);
  }

  public static String put(String path, String json, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(URL + path))
            .header("content-type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    return send(b, token);
  }

  private static String xsrf(java.net.CookieManager cookies) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(java.net.HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  private static String send(HttpRequest.Builder b, String token) {
    return send(HTTP, b, token);
  }

  private static String send(HttpClient http, HttpRequest.Builder b, String token) {
    if (token != null) {
      b.header("api_access_token", token);
    }
    try {
      HttpResponse<String> r =
          http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
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
