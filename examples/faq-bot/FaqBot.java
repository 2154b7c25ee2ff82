///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS com.standardwebhooks:standardwebhooks:1.1.0
//DEPS tools.jackson.core:jackson-databind:3.1.4

import com.sun.net.httpserver.HttpServer;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small FAQ bot for Baton (docs/bots.md), in one file: it receives Baton's agent-bot events, verifies each with
 * the official Standard Webhooks library, answers questions with buttons, passes the conversation to people when
 * the visitor writes "agent", and when an agent hands it back asks for a rating and ends the conversation.
 *
 * Run it with JBang ({@code jbang FaqBot.java}) or with both libraries on the class path
 * ({@code java -cp standardwebhooks.jar:jackson-*.jar FaqBot.java}). Settings come from the environment:
 * BATON_URL (https://chat.example.com), BATON_ACCOUNT_ID, BOT_TOKEN (the bot's access_token), BOT_SECRET (its
 * whsec_ secret), PORT (default 8090; 0 picks a free one). It prints "listening on PORT" when it is ready.
 */
public class FaqBot {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Map<String, String> ANSWERS = Map.of(
            "shipping", "Parcels leave our warehouse within 24 hours and arrive in 2 to 3 working days.",
            "returns", "You can return anything within 30 days: print the label from your order page.");

    private final String baton;
    private final String account;
    private final String token;
    private final Webhook webhook;

    FaqBot(String baton, String account, String token, String secret) {
        this.baton = baton.endsWith("/") ? baton.substring(0, baton.length() - 1) : baton;
        this.account = account;
        this.token = token;
        this.webhook = new Webhook(secret);
    }

    public static void main(String[] args) throws IOException {
        FaqBot bot = new FaqBot(env("BATON_URL"), env("BATON_ACCOUNT_ID"), env("BOT_TOKEN"), env("BOT_SECRET"));
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8090"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                try {
                    bot.webhook.verify(body, headers); // signature and timestamp, against the raw body
                } catch (WebhookVerificationException e) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, -1); // acknowledge at once; answer through the API afterwards
                Thread.startVirtualThread(() -> bot.handle(JSON.readTree(body)));
            }
        });
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
    }

    void handle(JsonNode event) {
        try {
            switch (event.path("event").asString()) {
                case "message_created" -> {
                    if ("incoming".equals(event.path("message_type").asString())) {
                        answer(event.path("conversation").path("id").asLong(), event.path("content").asString(""));
                    }
                }
                case "conversation_returned" -> post(event.path("id").asLong() + "/messages", Map.of(
                        "content", "Thanks for your patience! How did we do?", "content_type", "input_select",
                        "content_attributes", Map.of("items", List.of(Map.of("title", "Great", "value", "5"),
                                Map.of("title", "OK", "value", "3"), Map.of("title", "Bad", "value", "1")))));
                default -> { } // the other events this bot chose are for logging
            }
        } catch (Exception e) {
            System.err.println("could not answer: " + e);
        }
    }

    private void answer(long conversation, String text) throws Exception {
        String lower = text.toLowerCase(Locale.ROOT).strip();
        if (lower.matches("[1-5]")) {
            post(conversation + "/messages", Map.of("content", "Thank you for your rating!"));
            post(conversation + "/toggle_status", Map.of("status", "resolved"));
        } else if (lower.contains("agent")) {
            post(conversation + "/messages", Map.of("content", "I am passing you to a colleague."));
            post(conversation + "/pass_thread_control", Map.of("target", "people",
                    "metadata", Map.of("summary", "Asked for a person after: " + text)));
        } else {
            String known = ANSWERS.keySet().stream().filter(lower::contains).findFirst().orElse(null);
            if (known != null) {
                post(conversation + "/messages", Map.of("content", ANSWERS.get(known)));
            } else {
                post(conversation + "/messages", Map.of("content", "What is your question about?",
                        "content_type", "input_select", "content_attributes", Map.of("items", List.of(
                                Map.of("title", "Shipping", "value", "shipping"), Map.of("title", "Returns", "value", "returns"),
                                Map.of("title", "Talk to an agent", "value", "agent")))));
            }
        }
    }

    private void post(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(baton + "/api/v1/accounts/" + account + "/conversations/" + path))
                .header("api_access_token", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            System.err.println(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }
}
