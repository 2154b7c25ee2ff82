package dev.baton.agentbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.WebhookReceiver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The example bot of {@code examples/faq-bot} (one Java file, run as a separate process exactly as its README says)
 * against a real Baton: it verifies the signatures with the official library, answers with buttons and from its
 * FAQ, passes to people on "agent", and asks for a rating when the agent hands the conversation back.
 */
class FaqBotExampleIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path BOT = Path.of("..", "examples", "faq-bot", "FaqBot.java");

    private final WebhookReceiver accountHook = new WebhookReceiver();
    private Process process;

    @AfterEach
    void stop() {
        accountHook.close();
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private int start(Fixtures.World world, int port, String token, String secret) throws Exception {
        assertThat(Files.exists(BOT)).as("%s", BOT.toAbsolutePath()).isTrue();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BOT.toString());
        builder.environment().putAll(Map.of("BATON_URL", "http://127.0.0.1:" + this.port, "BATON_ACCOUNT_ID",
                String.valueOf(world.id()), "BOT_TOKEN", token, "BOT_SECRET", secret, "PORT", String.valueOf(port)));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).isEqualTo("listening on " + port);
        return port;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private JsonNode botSays(String content) {
        return accountHook.next(r -> "message_created".equals(r.event()) && content.equals(r.json().path("content").asString()),
                WAIT).json();
    }

    @Test
    void theExampleFaqBotAnswersHandsOverAndRunsTheSurveyAfterTheAgent() throws Exception {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        int port = freePort();
        JsonNode bot = admin.post(world.path("/agent_bots"), Map.of("name", "FAQ bot", "outgoing_url",
                "http://127.0.0.1:" + port + "/", "events", List.of("message_created", "conversation_returned"))).json();
        admin.post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"), Map.of("agent_bot", bot.path("id").asLong()));
        admin.put(world.path("/inboxes/" + world.inbox.id() + "/automation"), Map.of("handover_keywords", List.of("operator")));
        admin.post(world.path("/webhooks"), Map.of("url", accountHook.url(), "subscriptions",
                List.of("message_created", "handoff_started", "conversation_status_changed")));
        start(world, port, bot.path("access_token").asString(), bot.path("secret").asString());

        // A forged event is refused by the official library's check.
        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("webhook-id", "msg_x").header("webhook-timestamp", String.valueOf(System.currentTimeMillis() / 1000))
                .header("webhook-signature", "v1,Zm9yZ2Vk").POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"message_created\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);

        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversation = world.conversationFrom(visitor, "Hello");
        JsonNode buttons = botSays("What is your question about?");
        assertThat(buttons.path("content_type").asString()).isEqualTo("input_select");
        assertThat(buttons.path("sender").path("name").asString()).isEqualTo("FAQ bot");
        assertThat(buttons.path("content_attributes").path("items").size()).isEqualTo(3);

        visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", "shipping"));
        botSays("Parcels leave our warehouse within 24 hours and arrive in 2 to 3 working days.");

        visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", "agent please"));
        JsonNode handoff = accountHook.next("handoff_started", WAIT).json();
        assertThat(handoff.path("summary").asString()).contains("Asked for a person after: agent please");

        admin.post(world.path("/conversations/" + conversation + "/assignments"), Map.of("assignee_id", world.admin.id()));
        admin.post(world.path("/conversations/" + conversation + "/messages"), Map.of("content", "Your parcel is on its way."));
        admin.post(world.path("/conversations/" + conversation + "/toggle_status"), Map.of("status", "pending"));
        botSays("Thanks for your patience! How did we do?");

        visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", "5"));
        botSays("Thank you for your rating!");
        JsonNode resolved = accountHook.next(r -> "conversation_status_changed".equals(r.event())
                && "resolved".equals(r.json().path("status").asString()), WAIT).json();
        assertThat(resolved.path("id").asLong()).isEqualTo(conversation);
    }
}
