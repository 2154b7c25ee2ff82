package dev.baton.shared;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Requests as Chatwoot's Rails server accepts them, sent the way real Chatwoot clients send them. */
class ChatwootRequestsIntegrationTests extends IntegrationTest {

    @Test
    void acceptsTheTokenHeaderInEverySpellingRailsAccepts() {
        Fixtures.World world = fixtures.world();
        int n = 0;
        for (String header : List.of("api_access_token", "Api-Access-Token", "API_ACCESS_TOKEN", "api-access-token",
                "HTTP_API_ACCESS_TOKEN", "Http-Api-Access-Token")) {
            Api client = anonymous.withHeader(header, world.admin.token());
            Api.Response profile = client.get("/api/v1/profile");
            assertThat(profile.status()).as(header + ": " + profile).isEqualTo(200);
            assertThat(profile.json().path("email").asString()).isEqualTo(world.admin.email());
            // No CSRF header: a token is no ambient credential, whatever its spelling.
            Api.Response label = client.post(world.path("/labels"), Map.of("title", "spelling-" + n++));
            assertThat(label.status()).as(header + ": " + label).isEqualTo(200);
        }
        assertProblem(anonymous.withHeader("Api-Access-Token", "wrong").get("/api/v1/profile"), 401, "invalid_access_token");
        assertProblem(anonymous.withHeader("Api-Access-Token-X", world.admin.token()).get("/api/v1/profile"), 401,
                "unauthorized");
    }

    @Test
    void answersPathsWithATrailingSlashAsWithout() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        Api api = world.admin.api();

        Api.Response list = api.get(world.path("/conversations/?status=all"));
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().path("data").path("payload").get(0).path("id").asLong()).isEqualTo(id);
        Api.Response sent = api.post(world.path("/conversations/" + id + "/messages/"), Map.of("content", "hi there"));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/profile/").status()).isEqualTo(200);
        assertProblem(anonymous.get(world.path("/conversations/")), 401, "unauthorized");
    }

    @Test
    void readsArrayParametersWrittenWithRawBrackets() throws IOException {
        Fixtures.World world = fixtures.world();
        long billing = world.conversationFrom(world.visitor("Ann"), "invoice");
        long other = world.conversationFrom(world.visitor("Bob"), "hello");
        world.admin.api().post(world.path("/conversations/" + billing + "/labels"), Map.of("labels", List.of("billing")));
        world.admin.api().post(world.path("/conversations/" + other + "/labels"), Map.of("labels", List.of("other")));

        String answer = rawGet(world.path("/conversations?status=all&labels[]=billing&labels[]=none"), world.admin.token());
        assertThat(answer).startsWith("HTTP/1.1 200");
        JsonNode body = Api.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(body.path("data").path("payload").size()).isEqualTo(1);
        assertThat(body.path("data").path("payload").get(0).path("id").asLong()).isEqualTo(billing);
    }

    @Test
    void readsFormEncodedBodiesAsRailsDoes() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        Api api = world.admin.api();
        String form = "application/x-www-form-urlencoded";

        Api.Response note = api.raw("POST", world.path("/conversations/" + id + "/messages"),
                "content=caf%C3%A9+%26+more&private=true&message_type=outgoing", form);
        assertThat(note.status()).as(note.toString()).isEqualTo(200);
        assertThat(note.json().path("content").asString()).isEqualTo("café & more");
        assertThat(note.json().path("private").asBoolean()).isTrue();

        Api.Response labels = api.raw("POST", world.path("/conversations/" + id + "/labels"),
                "labels[]=billing&labels%5B%5D=urgent", form);
        assertThat(labels.status()).as(labels.toString()).isEqualTo(200);
        assertThat(api.get(world.path("/conversations/" + id + "/labels")).json().path("payload").valueStream()
                .map(JsonNode::asString).toList()).containsExactlyInAnyOrder("billing", "urgent");

        Api.Response contact = api.raw("POST", world.path("/contacts"),
                "name=Clara&email=clara%40example.com&custom_attributes[plan]=gold", form);
        assertThat(contact.status()).as(contact.toString()).isEqualTo(200);
        JsonNode created = contact.json().path("payload").path("contact");
        assertThat(created.path("email").asString()).isEqualTo("clara@example.com");
        assertThat(created.path("custom_attributes").path("plan").asString()).isEqualTo("gold");

        // A query parameter stays a query parameter; only the body becomes the JSON body.
        Api.Response typed = api.raw("POST", world.path("/conversations/" + id + "/messages?private=true"), "content=x", form);
        assertThat(typed.status()).as(typed.toString()).isEqualTo(200);
        assertThat(typed.json().path("private").asBoolean()).isFalse();
    }

    @Test
    void anEmptyBodyWithAFormContentTypeIsNoParameters() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        Api api = world.admin.api();
        api.post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", world.admin.id()));

        // curl -X POST -d '' sends exactly this: Chatwoot toggles open and resolved.
        Api.Response toggled = api.raw("POST", world.path("/conversations/" + id + "/toggle_status"), "",
                "application/x-www-form-urlencoded");
        assertThat(toggled.status()).as(toggled.toString()).isEqualTo(200);
        assertThat(toggled.json().path("payload").path("current_status").asString()).isEqualTo("resolved");

        Api.Response refused = api.raw("POST", world.path("/conversations/" + id + "/messages"), "",
                "application/x-www-form-urlencoded");
        assertProblem(refused, 422, "message_empty");
    }

    /** A request line with raw brackets, which java.net.URI refuses to build but clients send. */
    private String rawGet(String pathAndQuery, String token) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\napi_access_token: " + token
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return dechunk(answer);
        }
    }

    private static String dechunk(String answer) {
        int split = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, split);
        if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
            return answer;
        }
        StringBuilder body = new StringBuilder();
        String rest = answer.substring(split + 4);
        while (true) {
            int line = rest.indexOf("\r\n");
            int size = Integer.parseInt(rest.substring(0, line).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(rest, line + 2, line + 2 + size);
            rest = rest.substring(line + 2 + size + 2);
        }
        return head + "\r\n\r\n" + body;
    }
}
