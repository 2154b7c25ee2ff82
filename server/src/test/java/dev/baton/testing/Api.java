package dev.baton.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the running server, as bots and browsers talk to it. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String code() {
            return json().path("code").asString(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String base;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Api(int port) {
        this("http://localhost:" + port);
    }

    public Api(String base) {
        this.base = base;
    }

    /** A client that sends the personal token, as bots and scripts do. */
    public Api withToken(String token) {
        Api api = new Api(base);
        api.headers.putAll(headers);
        api.headers.put("api_access_token", token);
        return api;
    }

    public Api withHeader(String name, String value) {
        Api api = new Api(base);
        api.headers.putAll(headers);
        api.headers.put(name, value);
        return api;
    }

    public String base() {
        return base;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response delete(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response post(String path, Object body) {
        return raw("POST", path, json(body), "application/json");
    }

    public Response patch(String path, Object body) {
        return raw("PATCH", path, json(body), "application/json");
    }

    public Response put(String path, Object body) {
        return raw("PUT", path, json(body), "application/json");
    }

    public Response raw(String method, String path, String body, String contentType) {
        return rawBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public Response rawBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder builder = request(path);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return send(builder);
    }

    /** A body the client streams (a large file), as browsers do. */
    public Response send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest.Builder builder = request(path).timeout(Duration.ofMinutes(5)).header("Content-Type", contentType);
        return send(builder.method(method, body));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        return builder;
    }

    private static String json(Object body) {
        if (body == null) {
            return "";
        }
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    private static Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
