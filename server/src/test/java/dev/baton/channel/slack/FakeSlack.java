package dev.baton.channel.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A faithful fake of Slack for the tests, on loopback: the Web API methods the bridge uses, reached by Slack's
 * official SDK through its configurable base URL ({@code /api/{method}}, form or JSON posts, {@code Authorization:
 * Bearer}), answering {@code ok}/{@code error} as Slack does, keeping state (channels with members and archived
 * names, messages with increasing {@code ts}, users), injecting faults (429 with Retry-After, 5xx, any Slack
 * error), and sending signed Events API and interactivity requests to Baton, with retries (X-Slack-Retry-Num).
 */
final class FakeSlack implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record User(String id, String name, String email) {
    }

    static final class Channel {
        final String id;
        final String name;
        final boolean isPrivate;
        final boolean isIm;
        volatile boolean archived;
        final Set<String> members = ConcurrentHashMap.newKeySet();

        Channel(String id, String name, boolean isPrivate, boolean isIm) {
            this.id = id;
            this.name = name;
            this.isPrivate = isPrivate;
            this.isIm = isIm;
        }
    }

    /** A message as Slack keeps it; {@code text}/{@code blocks} change with chat.update. */
    static final class Posted {
        final String channel;
        final String ts;
        final String user;
        volatile String text;
        volatile String blocks;
        final List<String> updates = new CopyOnWriteArrayList<>();

        Posted(String channel, String ts, String user, String text, String blocks) {
            this.channel = channel;
            this.ts = ts;
            this.user = user;
            this.text = text;
            this.blocks = blocks;
        }
    }

    /** A fault the next call of a method gets instead of its answer. */
    record Fault(int status, Integer retryAfter, String error) {
        static Fault rateLimited(int seconds) {
            return new Fault(429, seconds, null);
        }

        static Fault serverError() {
            return new Fault(500, null, null);
        }

        static Fault slackError(String error) {
            return new Fault(200, null, error);
        }
    }

    record Call(String method, Map<String, String> params, Instant at) {
    }

    /** A file as Slack keeps it: uploaded (bytes at its upload URL) and then shared in a channel by completing it. */
    static final class SlackFile {
        final String id;
        final String name;
        final String mimetype;
        volatile byte[] bytes;
        volatile String channel;

        SlackFile(String id, String name, String mimetype, byte[] bytes) {
            this.id = id;
            this.name = name;
            this.mimetype = mimetype;
            this.bytes = bytes;
        }
    }

    final String teamId = "T0BATON";
    final String botUserId = "UBOT";
    final String botId = "BBOT";
    final String signingSecret;
    final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final String appToken = "xapp-1-A0BATON-1-fake";
    final String clientId = "1111.2222";
    final String clientSecret = "fake-client-secret";
    /** Codes of approved installations, with the redirect URI they were made for; oauth.v2.access takes each once. */
    private final Map<String, String> codes = new ConcurrentHashMap<>();
    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<String, Channel> channels = new ConcurrentHashMap<>();
    final List<Posted> messages = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> ephemerals = new CopyOnWriteArrayList<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, SlackFile> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<java.util.concurrent.CountDownLatch> holding = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private final AtomicLong clock = new AtomicLong(1_764_748_800_000100L);
    private final AtomicLong ids = new AtomicLong(100);
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Sockets sockets = new Sockets();

    FakeSlack(String signingSecret) {
        this.signingSecret = signingSecret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/", this::handle);
        server.createContext("/files/", this::download);
        server.createContext("/upload/", this::upload);
        server.start();
        users.put(botUserId, new User(botUserId, "baton", null));
        validTokens.add(appToken);
        sockets.startAndWait();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    String token() {
        String token = "xoxb-" + ids.incrementAndGet() + "-fake";
        validTokens.add(token);
        return token;
    }

    /** Slack revokes a token: every later call with it answers invalid_auth. */
    void revoke(String token) {
        validTokens.remove(token);
    }

    User user(String name, String email) {
        User u = new User("U" + ids.incrementAndGet(), name, email);
        users.put(u.id(), u);
        return u;
    }

    Channel channel(String name, boolean isPrivate, boolean isIm) {
        String prefix = isIm ? "D" : isPrivate ? "G" : "C";
        Channel c = new Channel(prefix + ids.incrementAndGet(), name, isPrivate, isIm);
        channels.put(c.id, c);
        return c;
    }

    void fail(String method, Fault... next) {
        faults.computeIfAbsent(method, m -> new ArrayDeque<>()).addAll(List.of(next));
    }

    /**
     * The next call of a method is carried out (a message is posted) but its answer is held until {@link #release()}
     * or this fake closes: a caller that dies meanwhile never learns that Slack did it. {@code file.download} holds
     * the next file's bytes: a slow file.
     */
    void hold(String method) {
        held.add(method);
    }

    /** Answers every call held so far. */
    void release() {
        held.clear();
        holding.forEach(java.util.concurrent.CountDownLatch::countDown);
    }

    private void waitIfHeld(String method) {
        if (held.remove(method)) {
            java.util.concurrent.CountDownLatch mine = new java.util.concurrent.CountDownLatch(1);
            holding.add(mine);
            try {
                while (!mine.await(50, java.util.concurrent.TimeUnit.MILLISECONDS) && release.getCount() > 0) {
                    // held until release() or close()
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a call of {@code method} is being held now. */
    boolean holding() {
        return holding.stream().anyMatch(l -> l.getCount() > 0);
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    List<Posted> messagesIn(String channelId) {
        return messages.stream().filter(m -> m.channel.equals(channelId)).toList();
    }

    Channel channelNamed(String prefix) {
        return channels.values().stream().filter(c -> c.name.startsWith(prefix)).findFirst().orElse(null);
    }

    /**
     * A file a Slack user shared: kept, and described as a message event's {@code files} carries it, with its
     * {@code url_private_download} on this fake.
     */
    Map<String, Object> share(String name, String mimetype, byte[] bytes) {
        SlackFile f = new SlackFile("F" + ids.incrementAndGet(), name, mimetype, bytes);
        files.put(f.id, f);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("id", f.id, "name", name, "title", name, "mimetype", mimetype, "filetype", "auto",
                "size", bytes.length, "mode", "hosted", "url_private", base + "/files/" + f.id + "/" + name,
                "url_private_download", base + "/files/" + f.id + "/download/" + name);
    }

    /** The files shared in a channel by completed uploads, in order. */
    List<SlackFile> filesIn(String channelId) {
        return messages.stream().filter(m -> m.channel.equals(channelId) && m.text != null && m.text.startsWith("file:"))
                .map(m -> files.get(m.text.substring(5))).toList();
    }

    /** GET of a file's url_private_download: only with a valid token, as Slack answers. */
    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            SlackFile f = parts.length > 2 ? files.get(parts[2]) : null;
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call("file.download", Map.of("path", exchange.getRequestURI().getPath()), Instant.now()));
            if (auth == null || !auth.startsWith("Bearer ") || !validTokens.contains(auth.substring(7)) || f == null) {
                exchange.sendResponseHeaders(auth == null ? 302 : 404, -1); // Slack redirects to a login page
                return;
            }
            waitIfHeld("file.download");
            exchange.getResponseHeaders().add("Content-Type", f.mimetype);
            exchange.sendResponseHeaders(200, f.bytes.length);
            exchange.getResponseBody().write(f.bytes);
        }
    }

    /** POST of the bytes to an upload URL of files.getUploadURLExternal (faults under the method name "upload"). */
    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/upload/".length());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            calls.add(new Call("upload", Map.of("file", id), Instant.now()));
            Deque<Fault> queued = faults.get("upload");
            Fault fault = queued == null ? null : queued.pollFirst();
            SlackFile f = files.get(id);
            int status = fault != null ? fault.status() : f == null ? 404 : 200;
            if (fault != null && fault.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", String.valueOf(fault.retryAfter()));
            }
            if (status == 200) {
                f.bytes = multipartFile(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
            }
            byte[] body = (status == 200 ? "OK - " + raw.length : "error").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** The bytes of the first part of a multipart body (or the body itself when it is not multipart). */
    private static byte[] multipartFile(String contentType, byte[] raw) {
        if (contentType == null || !contentType.startsWith("multipart/")) {
            return raw;
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\r\n\r\n") + 4;
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
        int end = text.indexOf("\r\n" + boundary, start);
        return java.util.Arrays.copyOfRange(raw, start, end);
    }

    // ---- the Web API

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, String> params = params(exchange, raw);
            calls.add(new Call(method, params, Instant.now()));
            Deque<Fault> queued = faults.get(method);
            Fault fault = queued == null ? null : queued.pollFirst();
            if (fault != null && fault.status() != 200) {
                if (fault.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(fault.retryAfter()));
                }
                byte[] body = (fault.status() == 429 ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "upstream error")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(fault.status(), body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            Map<String, Object> answer;
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : params.get("token");
            if (fault != null) {
                answer = error(fault.error());
            } else if (method.equals("oauth.v2.access")) {
                answer = oauthAccess(auth, params);
            } else if (token == null) {
                answer = error("not_authed");
            } else if (!validTokens.contains(token)) {
                answer = error("invalid_auth");
            } else {
                params.put("_token", token);
                answer = answer(method, params);
            }
            waitIfHeld(method);
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> params(HttpExchange exchange, byte[] raw) {
        Map<String, String> params = new HashMap<>();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String body = new String(raw, StandardCharsets.UTF_8);
        if (type != null && type.startsWith("application/json")) {
            JSON.readTree(body).properties().forEach(e -> params.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString()));
        } else if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(k, v);
            }
        }
        return params;
    }

    private synchronized Map<String, Object> answer(String method, Map<String, String> p) {
        return switch (method) {
            case "apps.connections.open" -> p.get("_token").startsWith("xapp-")
                    ? ok("url", "ws://127.0.0.1:" + sockets.getPort() + "/link/?ticket=" + ids.incrementAndGet() + "&app_id=A0BATON")
                    : error("not_allowed_token_type");
            case "auth.test" -> ok("url", "https://baton-test.slack.com/", "team", "Baton Test", "user", "baton",
                    "team_id", teamId, "user_id", botUserId, "bot_id", botId);
            case "conversations.list" -> {
                List<Map<String, Object>> list = new ArrayList<>();
                channels.values().stream().filter(c -> !c.isPrivate && !c.isIm && !c.archived)
                        .sorted((a, b) -> a.id.compareTo(b.id)).forEach(c -> list.add(channelJson(c)));
                yield ok("channels", list, "response_metadata", Map.of("next_cursor", ""));
            }
            case "conversations.info" -> {
                Channel c = channels.get(p.get("channel"));
                yield c == null ? error("channel_not_found") : ok("channel", channelJson(c));
            }
            case "conversations.join" -> {
                Channel c = channels.get(p.get("channel"));
                if (c == null) {
                    yield error("channel_not_found");
                }
                if (c.isPrivate || c.isIm) {
                    yield error("method_not_supported_for_channel_type");
                }
                c.members.add(botUserId);
                yield ok("channel", channelJson(c));
            }
            case "conversations.create" -> {
                String name = p.get("name");
                if (name == null || !name.matches("[a-z0-9_-]{1,80}")) {
                    yield error("invalid_name_specials");
                }
                if (channels.values().stream().anyMatch(c -> c.name.equals(name))) {
                    yield error("name_taken"); // archived channels keep their names
                }
                Channel c = channel(name, "true".equals(p.get("is_private")), false);
                c.members.add(botUserId);
                yield ok("channel", channelJson(c));
            }
            case "conversations.invite" -> {
                Channel c = channels.get(p.get("channel"));
                if (c == null) {
                    yield error("channel_not_found");
                }
                if (c.archived) {
                    yield error("is_archived");
                }
                for (String u : p.getOrDefault("users", "").split(",")) {
                    if (!users.containsKey(u)) {
                        yield error("user_not_found");
                    }
                    if (!c.members.add(u)) {
                        yield error("already_in_channel");
                    }
                }
                yield ok("channel", channelJson(c));
            }
            case "conversations.archive" -> {
                Channel c = channels.get(p.get("channel"));
                if (c == null) {
                    yield error("channel_not_found");
                }
                if (c.archived) {
                    yield error("already_archived");
                }
                c.archived = true;
                yield ok();
            }
            case "chat.postMessage" -> {
                Channel c = channels.get(p.get("channel"));
                String refused = refusesPosts(c);
                if (refused != null) {
                    yield error(refused);
                }
                String ts = nextTs();
                messages.add(new Posted(c.id, ts, botUserId, p.get("text"), p.get("blocks")));
                yield ok("channel", c.id, "ts", ts, "message", Map.of("text", String.valueOf(p.get("text")), "ts", ts));
            }
            case "chat.update" -> {
                Posted m = messages.stream().filter(x -> x.channel.equals(p.get("channel")) && x.ts.equals(p.get("ts")))
                        .findFirst().orElse(null);
                if (m == null) {
                    yield error("message_not_found");
                }
                m.text = p.get("text");
                m.blocks = p.get("blocks");
                m.updates.add(p.get("text"));
                yield ok("channel", m.channel, "ts", m.ts, "text", String.valueOf(m.text));
            }
            case "chat.postEphemeral" -> {
                ephemerals.add(Map.of("channel", p.get("channel"), "user", p.get("user"), "text", p.get("text")));
                yield ok("message_ts", nextTs());
            }
            case "files.getUploadURLExternal" -> {
                String name = p.get("filename");
                long length = Long.parseLong(p.getOrDefault("length", "0"));
                if (name == null || length <= 0) {
                    yield error("invalid_arguments");
                }
                SlackFile f = new SlackFile("F" + ids.incrementAndGet(), name, "application/octet-stream", null);
                files.put(f.id, f);
                yield ok("upload_url", "http://127.0.0.1:" + server.getAddress().getPort() + "/upload/" + f.id, "file_id", f.id);
            }
            case "files.completeUploadExternal" -> {
                Channel c = channels.get(p.get("channel_id"));
                String refused = refusesPosts(c);
                if (refused != null) {
                    yield error(refused);
                }
                List<Map<String, Object>> done = new ArrayList<>();
                for (JsonNode d : JSON.readTree(p.getOrDefault("files", "[]"))) {
                    SlackFile f = files.get(d.path("id").asString(""));
                    if (f == null || f.bytes == null) {
                        yield error("file_not_found"); // never uploaded
                    }
                    if (f.channel != null) {
                        yield error("file_already_completed");
                    }
                    f.channel = c.id;
                    messages.add(new Posted(c.id, nextTs(), botUserId, "file:" + f.id, null));
                    done.add(Map.of("id", f.id, "title", d.path("title").asString(f.name)));
                }
                yield ok("files", done);
            }
            case "users.info" -> {
                User u = users.get(p.get("user"));
                if (u == null) {
                    yield error("user_not_found");
                }
                Map<String, Object> profile = new LinkedHashMap<>();
                profile.put("display_name", u.name());
                profile.put("real_name", u.name());
                if (u.email() != null) {
                    profile.put("email", u.email());
                }
                yield ok("user", Map.of("id", u.id(), "name", u.name().toLowerCase(), "real_name", u.name(), "profile", profile));
            }
            default -> error("unknown_method");
        };
    }

    // ---- "Add to Slack": the admin approves on Slack's authorize page; Baton exchanges the code

    /** What Slack's authorize page does when the admin clicks Allow: the redirect back to Baton, with a fresh code. */
    URI approve(String authorizeUrl) {
        Map<String, String> q = query(URI.create(authorizeUrl));
        if (!clientId.equals(q.get("client_id")) || q.get("redirect_uri") == null || q.get("scope") == null) {
            throw new IllegalArgumentException("Slack shows an error page for " + authorizeUrl);
        }
        String code = ids.incrementAndGet() + ".fake-code";
        codes.put(code, q.get("redirect_uri"));
        return URI.create(q.get("redirect_uri") + "?code=" + code + "&state=" + java.net.URLEncoder.encode(q.get("state"),
                StandardCharsets.UTF_8));
    }

    /** What it does when the admin clicks Cancel. */
    URI deny(String authorizeUrl) {
        Map<String, String> q = query(URI.create(authorizeUrl));
        return URI.create(q.get("redirect_uri") + "?error=access_denied&state=" + java.net.URLEncoder.encode(q.get("state"),
                StandardCharsets.UTF_8));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** oauth.v2.access: client credentials as HTTP Basic (the SDK's way) or form fields; each code once. */
    private Map<String, Object> oauthAccess(String auth, Map<String, String> p) {
        String id = p.get("client_id");
        String secret = p.get("client_secret");
        if (auth != null && auth.startsWith("Basic ")) {
            String[] pair = new String(java.util.Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = pair[0];
            secret = pair.length > 1 ? pair[1] : null;
        }
        if (!clientId.equals(id)) {
            return error("invalid_client_id");
        }
        if (!clientSecret.equals(secret)) {
            return error("bad_client_secret");
        }
        String redirect = p.get("code") == null ? null : codes.remove(p.get("code"));
        if (redirect == null) {
            return error("invalid_code");
        }
        if (p.get("redirect_uri") != null && !p.get("redirect_uri").equals(redirect)) {
            return error("bad_redirect_uri");
        }
        String token = token();
        return ok("app_id", "A0BATON", "authed_user", Map.of("id", "UADMIN"), "scope", "channels:read,chat:write",
                "token_type", "bot", "access_token", token, "bot_user_id", botUserId,
                "team", Map.of("id", teamId, "name", "Baton Test"), "is_enterprise_install", false);
    }

    /** Why Slack refuses the bot's posting (a message, a file) in a channel; null when it may. */
    private String refusesPosts(Channel c) {
        return c == null ? "channel_not_found" : c.archived ? "is_archived" : !c.members.contains(botUserId) ? "not_in_channel" : null;
    }

    String nextTs() {
        long micros = clock.addAndGet(100);
        return (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000);
    }

    private static Map<String, Object> channelJson(Channel c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id);
        m.put("name", c.name);
        m.put("is_channel", !c.isPrivate && !c.isIm);
        m.put("is_group", c.isPrivate);
        m.put("is_im", c.isIm);
        m.put("is_mpim", false);
        m.put("is_private", c.isPrivate);
        m.put("is_archived", c.archived);
        m.put("is_member", c.members.contains("UBOT"));
        return m;
    }

    private static Map<String, Object> ok(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> error(String error) {
        return Map.of("ok", false, "error", error);
    }

    // ---- Slack calling Baton: signed Events API and interactivity requests

    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("v0=");
            for (byte b : h) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts to Baton as Slack does, signed with the signing secret at {@code timestamp}; extra headers (retries) too. */
    Answer send(String url, String contentType, String body, long timestamp, String signature, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Slack-Request-Timestamp", String.valueOf(timestamp)).header("X-Slack-Signature", signature);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer event(String baton, Map<String, Object> envelope, Map<String, String> headers) {
        String body = JSON.writeValueAsString(envelope);
        long now = Instant.now().getEpochSecond();
        return send(baton + "/slack/events", "application/json", body, now, sign(signingSecret, now, body), headers);
    }

    /** An event_callback with a message event from {@code user} in {@code channel}. */
    Answer message(String baton, String eventId, String channel, String user, String text, Map<String, Object> extra,
                   Map<String, String> headers) {
        return event(baton, messageEvent(eventId, channel, user, text, extra), headers);
    }

    /** The Events API envelope of a message from {@code user} in {@code channel}, as HTTP and Socket Mode carry it. */
    Map<String, Object> messageEvent(String eventId, String channel, String user, String text, Map<String, Object> extra) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "message");
        event.put("channel", channel);
        event.put("user", user);
        event.put("text", text);
        event.put("ts", nextTs());
        event.put("channel_type", "channel");
        event.putAll(extra);
        return Map.of("token", "legacy", "team_id", teamId, "api_app_id", "A0BATON", "type", "event_callback",
                "event_id", eventId, "event_time", Instant.now().getEpochSecond(), "event", event);
    }

    /** A block_actions payload: {@code user} pressed the button {@code actionId} (value) on the message {@code ts}. */
    Answer click(String baton, String user, String channel, String ts, String actionId, String value) {
        String body = "payload=" + java.net.URLEncoder.encode(JSON.writeValueAsString(blockActions(user, channel, ts, actionId, value)),
                StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        return send(baton + "/slack/interactivity", "application/x-www-form-urlencoded", body, now,
                sign(signingSecret, now, body), Map.of());
    }

    Map<String, Object> blockActions(String user, String channel, String ts, String actionId, String value) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "block_actions");
        payload.put("team", Map.of("id", teamId, "domain", "baton-test"));
        payload.put("user", Map.of("id", user, "username", users.get(user).name().toLowerCase(), "team_id", teamId));
        payload.put("api_app_id", "A0BATON");
        payload.put("container", Map.of("type", "message", "message_ts", ts, "channel_id", channel, "is_ephemeral", false));
        payload.put("channel", Map.of("id", channel, "name", channels.get(channel).name));
        payload.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
        payload.put("response_url", apiUrl() + "response/" + ts);
        payload.put("actions", List.of(Map.of("action_id", actionId, "block_id", "lc", "type", "button", "value", value,
                "action_ts", nextTs())));
        return payload;
    }

    /** {@code /baton <text>} typed by {@code user} in {@code channel}. */
    Answer command(String baton, String channel, String user, String text) {
        StringBuilder body = new StringBuilder();
        commandFields(channel, user, text).forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        long now = Instant.now().getEpochSecond();
        return send(baton + "/slack/commands", "application/x-www-form-urlencoded", body.toString(), now,
                sign(signingSecret, now, body.toString()), Map.of());
    }

    Map<String, String> commandFields(String channel, String user, String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "legacy");
        fields.put("team_id", teamId);
        fields.put("channel_id", channel);
        fields.put("user_id", user);
        fields.put("command", "/baton");
        fields.put("text", text);
        return fields;
    }

    // ---- Socket Mode: apps.connections.open gives this WebSocket; envelopes go out, acknowledgements come back

    /** Sends an envelope to Baton's Socket Mode connection; returns Baton's acknowledgement. */
    JsonNode envelope(String type, Object payload, boolean acceptsResponsePayload) {
        org.awaitility.Awaitility.await("Baton's Socket Mode connection").atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !sockets.connected.isEmpty());
        String id = java.util.UUID.randomUUID().toString();
        java.util.concurrent.CompletableFuture<JsonNode> ack = new java.util.concurrent.CompletableFuture<>();
        sockets.acks.put(id, ack);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("envelope_id", id);
        envelope.put("payload", payload);
        envelope.put("type", type);
        envelope.put("accepts_response_payload", acceptsResponsePayload);
        envelope.put("retry_attempt", 0);
        envelope.put("retry_reason", "");
        sockets.connected.getLast().send(JSON.writeValueAsString(envelope));
        try {
            return ack.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Baton did not acknowledge envelope " + id, e);
        }
    }

    /** Slack's end of Socket Mode: says hello to each connection and collects acknowledgements by envelope_id. */
    static final class Sockets extends org.java_websocket.server.WebSocketServer {
        final List<org.java_websocket.WebSocket> connected = new CopyOnWriteArrayList<>();
        final Map<String, java.util.concurrent.CompletableFuture<JsonNode>> acks = new ConcurrentHashMap<>();
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Sockets() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        void startAndWait() {
            start();
            try {
                if (!started.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the fake Socket Mode server did not start");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onOpen(org.java_websocket.WebSocket conn, org.java_websocket.handshake.ClientHandshake handshake) {
            connected.add(conn);
            conn.send(JSON.writeValueAsString(Map.of("type", "hello", "num_connections", connected.size(),
                    "debug_info", Map.of("host", "fake-slack", "approximate_connection_time", 18060),
                    "connection_info", Map.of("app_id", "A0BATON"))));
        }

        @Override
        public void onClose(org.java_websocket.WebSocket conn, int code, String reason, boolean remote) {
            connected.remove(conn);
        }

        @Override
        public void onMessage(org.java_websocket.WebSocket conn, String message) {
            JsonNode ack = JSON.readTree(message);
            received.add(ack);
            var waiting = acks.remove(ack.path("envelope_id").asString(""));
            if (waiting != null) {
                waiting.complete(ack);
            }
        }

        @Override
        public void onError(org.java_websocket.WebSocket conn, Exception e) {
            // a client that went away; the test sees it as a missing acknowledgement
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        try {
            sockets.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> noHeaders() {
        return Collections.emptyMap();
    }

    static Set<String> set(String... s) {
        return new HashSet<>(List.of(s));
    }
}
