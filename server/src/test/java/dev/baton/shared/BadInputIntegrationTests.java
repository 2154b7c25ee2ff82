package dev.baton.shared;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input against the agent API: each answer is a clear 4xx problem+json with a stable code, and
 * each test shows that nothing was written.
 */
class BadInputIntegrationTests extends IntegrationTest {

    private static final int ONE_MIB = 1024 * 1024;

    @Test
    void refusesMalformedJsonAndWritesNothing() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        long contacts = contactCount(world);

        assertProblem(world.admin.api().raw("POST", messagesPath(world, id), "{\"content\": \"hi\"", "application/json"),
                400, "malformed_json");
        assertProblem(world.admin.api().raw("POST", messagesPath(world, id), "content=hi", "application/json"), 400, "malformed_json");
        assertProblem(world.admin.api().raw("POST", world.path("/contacts"), "{\"name\": 'single'}", "application/json"),
                400, "malformed_json");
        assertProblem(world.admin.api().raw("POST", world.path("/contacts"), "", "application/json"), 400, "malformed_json");

        assertThat(messageCount(world, id)).isEqualTo(messages);
        assertThat(contactCount(world)).isEqualTo(contacts);
    }

    @Test
    void refusesABodyThatIsNeitherJsonNorAForm() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        assertProblem(world.admin.api().raw("POST", messagesPath(world, id), "content=hi", "text/plain"),
                415, "unsupported_media_type");
        assertThat(messageCount(world, id)).isEqualTo(messages);
    }

    @Test
    void aNumberWhereTextIsExpectedIsTakenAsItsText() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        Api.Response response = world.admin.api().post(messagesPath(world, id), Map.of("content", 123));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("content").asString()).isEqualTo("123");
    }

    @Test
    void refusesFieldsOfTheWrongTypeAndWritesNothing() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);

        assertProblem(world.admin.api().post(messagesPath(world, id), Map.of("content", "hi", "private", "yes")), 400, "invalid_type");
        assertProblem(world.admin.api().post(messagesPath(world, id), Map.of("content", List.of("a", "b"))), 400, "invalid_type");
        assertProblem(world.admin.api().post(messagesPath(world, id), Map.of("content", Map.of("text", "hi"))), 400, "invalid_type");
        assertProblem(world.admin.api().post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", "abc")),
                400, "invalid_type");
        assertProblem(world.admin.api().post(world.path("/conversations/" + id + "/labels"), Map.of("labels", "vip")),
                400, "invalid_type");
        assertProblem(world.admin.api().patch(world.path(""), Map.of("max_message_length", "long")), 400, "invalid_type");
        assertProblem(world.admin.api().get(world.path("/conversations/abc")), 400, "invalid_type");
        assertProblem(world.admin.api().get(world.path("/conversations?page=two")), 400, "invalid_type");

        assertThat(messageCount(world, id)).isEqualTo(messages);
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("assignee_id").isNull()).isTrue();
        assertThat(shown.path("labels").size()).isZero();
        assertThat(world.admin.api().get(world.path("")).json().path("max_message_length").asInt()).isEqualTo(1000);
    }

    @Test
    void numbersOutOfRangeAreClientErrors() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        String toggle = world.path("/conversations/" + id + "/toggle_status");

        for (String until : List.of("9223372036854775807", "4102444800000", "99999999999999999999")) {
            Api.Response response = world.admin.api().raw("POST", toggle, "{\"status\":\"snoozed\",\"snoozed_until\":" + until + "}",
                    "application/json");
            assertThat(response.status()).as(response.toString()).isIn(400, 422);
            assertProblem(response, response.status(), response.code());
        }
        Api.Response huge = world.admin.api().raw("PATCH", world.path(""), "{\"max_message_length\": 99999999999}", "application/json");
        assertThat(huge.status()).as(huge.toString()).isIn(400, 422);
        assertProblem(world.admin.api().get(world.path("/conversations/99999999999999999999")), 400, "invalid_type");

        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("status").asString()).isEqualTo("open");
        assertThat(activityCount(world, id)).isZero();
        assertThat(world.admin.api().get(world.path("")).json().path("max_message_length").asInt()).isEqualTo(1000);
    }

    @Test
    void unknownIdsAnswerNotFound() {
        Fixtures.World world = fixtures.world();
        assertProblem(world.admin.api().get(world.path("/conversations/999999999")), 404, "not_found");
        assertProblem(world.admin.api().post(world.path("/conversations/999999999/messages"), Map.of("content", "hi")), 404, "not_found");
        assertProblem(world.admin.api().post(world.path("/conversations/999999999/toggle_status"), Map.of("status", "resolved")),
                404, "not_found");
        assertProblem(world.admin.api().get(world.path("/contacts/999999999")), 404, "not_found");
        assertProblem(world.admin.api().patch(world.path("/agents/999999999"), Map.of("capacity", 2)), 404, "not_found");
        assertProblem(world.admin.api().get("/api/v1/no-such-endpoint"), 404, "not_found");
    }

    @Test
    void idsOfAnotherAccountAnswerNotFoundAndChangeNothing() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long foreign = other.conversationFrom(other.visitor("Eve"), "secret");
        int messages = messageCount(other, foreign);

        // through the caller's own account path
        assertProblem(world.admin.api().get(world.path("/conversations/" + foreign)), 404, "not_found");
        assertProblem(world.admin.api().post(messagesPath(world, foreign), Map.of("content", "intrusion")), 404, "not_found");
        assertProblem(world.admin.api().post(world.path("/conversations/" + foreign + "/toggle_status"), Map.of("status", "resolved")),
                404, "not_found");
        assertProblem(world.admin.api().post(world.path("/conversations/" + foreign + "/assignments"),
                Map.of("assignee_id", world.admin.id())), 404, "not_found");
        assertProblem(world.admin.api().get(world.path("/conversations/" + foreign + "/messages")), 404, "not_found");
        // through the other account's path
        assertProblem(world.admin.api().post(messagesPath(other, foreign), Map.of("content", "intrusion")), 404, "not_found");
        assertProblem(world.admin.api().get(other.path("/conversations")), 404, "not_found");

        assertThat(messageCount(other, foreign)).isEqualTo(messages);
        JsonNode shown = other.admin.api().get(other.path("/conversations/" + foreign)).json();
        assertThat(shown.path("status").asString()).isEqualTo("open");
        assertThat(shown.path("assignee_id").isNull()).isTrue();
    }

    @Test
    void aMissingTokenIsUnauthorizedAndWritesNothing() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        assertProblem(anonymous.post(messagesPath(world, id), Map.of("content", "anonymous")), 401, "unauthorized");
        assertProblem(anonymous.get(messagesPath(world, id)), 401, "unauthorized");
        assertThat(messageCount(world, id)).isEqualTo(messages);
    }

    @Test
    void anAgentOutsideTheInboxCannotTouchItsConversations() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);

        assertProblem(outsider.api().post(messagesPath(world, id), Map.of("content", "not mine")), 404, "not_found");
        assertProblem(outsider.api().get(messagesPath(world, id)), 404, "not_found");
        assertProblem(outsider.api().post(world.path("/conversations/" + id + "/toggle_status"), Map.of("status", "resolved")),
                404, "not_found");
        assertProblem(outsider.api().post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", outsider.id())),
                404, "not_found");
        assertProblem(outsider.api().post(world.path("/conversations/" + id + "/labels"), Map.of("labels", List.of("x"))),
                404, "not_found");

        assertThat(messageCount(world, id)).isEqualTo(messages);
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("status").asString()).isEqualTo("open");
        assertThat(shown.path("assignee_id").isNull()).isTrue();
        assertThat(shown.path("labels").size()).isZero();
    }

    @Test
    void refusesAMessageOverTheAccountsMaximumLength() {
        Fixtures.World world = fixtures.world();
        world.admin.api().patch(world.path(""), Map.of("max_message_length", 20));
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);

        assertFieldProblem(world.admin.api().post(messagesPath(world, id), Map.of("content", "x".repeat(21))),
                422, "message_too_long", "content", "length");
        // Characters, not UTF-16 units: twenty emoji are twenty characters.
        assertThat(world.admin.api().post(messagesPath(world, id), Map.of("content", "😀".repeat(20))).status()).isEqualTo(200);
        assertThat(messageCount(world, id)).isEqualTo(messages + 1);
    }

    @Test
    void refusesAnEmptyOrBlankMessage() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);

        assertFieldProblem(world.admin.api().post(messagesPath(world, id), Map.of("content", "")), 422, "message_empty", "content", "required");
        assertFieldProblem(world.admin.api().post(messagesPath(world, id), Map.of("content", " \n\t ")), 422, "message_empty", "content", "required");
        assertFieldProblem(world.admin.api().post(messagesPath(world, id), Map.of()), 422, "message_empty", "content", "required");

        assertThat(messageCount(world, id)).isEqualTo(messages);
    }

    @Test
    void refusesABodyOverOneMebibyteWithContentLength() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        byte[] body = hugeMessage();

        Api.Response response = send(world, messagesPath(world, id), HttpRequest.BodyPublishers.ofByteArray(body));

        assertProblem(response, 413, "payload_too_large");
        assertThat(messageCount(world, id)).isEqualTo(messages);
    }

    @Test
    void refusesABodyOverOneMebibyteSentChunked() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        byte[] body = hugeMessage();

        // No length known in advance: the JDK client sends it chunked.
        Api.Response response = send(world, messagesPath(world, id),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertProblem(response, 413, "payload_too_large");
        assertThat(messageCount(world, id)).isEqualTo(messages);
    }

    @Test
    void invalidUtf8InAJsonBodyIsABadRequest() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        byte[] prefix = "{\"content\": \"bad ".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;      // a lead byte without its continuation
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = (byte) 0xFF;  // never valid in UTF-8
        System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);

        Api.Response response = world.admin.api().rawBytes("POST", messagesPath(world, id), body, "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertProblem(response, 400, response.code());
        assertThat(response.code()).isIn("malformed_json", "invalid_characters");
        assertThat(messageCount(world, id)).isEqualTo(messages);
    }

    @Test
    void aNulCharacterInTextIsRefusedWithAClearCode() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);
        long contacts = contactCount(world);

        assertProblem(world.admin.api().raw("POST", messagesPath(world, id), "{\"content\": \"nul\\u0000here\"}", "application/json"),
                400, "invalid_characters");
        assertProblem(world.admin.api().raw("POST", world.path("/contacts"), "{\"name\": \"Eve\\u0000\"}", "application/json"),
                400, "invalid_characters");
        assertProblem(world.admin.api().raw("POST", world.path("/contacts"),
                "{\"name\": \"Eve\", \"custom_attributes\": {\"k\": \"v\\u0000\"}}", "application/json"), 400, "invalid_characters");

        assertThat(messageCount(world, id)).isEqualTo(messages);
        assertThat(contactCount(world)).isEqualTo(contacts);
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedWithAClearCode() {
        Fixtures.World world = fixtures.world();
        assertProblem(world.admin.api().get(world.path("/contacts/search?q=a%00b")), 400, "invalid_characters");
        assertProblem(world.admin.api().get(world.path("/conversations?labels=vip%00")), 400, "invalid_characters");
        // An escaped percent sign is ordinary text.
        assertThat(world.admin.api().get(world.path("/contacts/search?q=100%2500")).status()).isEqualTo(200);
    }

    @Test
    void aLoneSurrogateInTextIsRefusedWithAClearCode() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        int messages = messageCount(world, id);

        assertProblem(world.admin.api().raw("POST", messagesPath(world, id), "{\"content\": \"half \\ud83d emoji\"}", "application/json"),
                400, "invalid_characters");
        // A proper pair written as escapes is fine.
        Api.Response pair = world.admin.api().raw("POST", messagesPath(world, id), "{\"content\": \"whole \\ud83d\\ude00\"}", "application/json");
        assertThat(pair.status()).as(pair.toString()).isEqualTo(200);
        assertThat(pair.json().path("content").asString()).isEqualTo("whole 😀");
        assertThat(messageCount(world, id)).isEqualTo(messages + 1);
    }

    // ---- helpers

    private static byte[] hugeMessage() {
        byte[] filler = new byte[ONE_MIB + 1024];
        Arrays.fill(filler, (byte) 'x');
        return ("{\"content\": \"" + new String(filler, StandardCharsets.US_ASCII) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static Api.Response send(Fixtures.World world, String path, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(world.admin.api().base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("api_access_token", world.admin.token())
                .header("Content-Type", "application/json")
                .POST(body).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError("the server should answer 413, not drop the connection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String messagesPath(Fixtures.World world, long conversationId) {
        return world.path("/conversations/" + conversationId + "/messages");
    }

    private static int messageCount(Fixtures.World world, long conversationId) {
        Api.Response response = world.admin.api().get(messagesPath(world, conversationId));
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("payload").size();
    }

    private static long activityCount(Fixtures.World world, long conversationId) {
        return world.admin.api().get(messagesPath(world, conversationId)).json().path("payload").valueStream()
                .filter(m -> m.path("message_type").asInt() == 2).count();
    }

    private static long contactCount(Fixtures.World world) {
        return world.admin.api().get(world.path("/contacts")).json().path("meta").path("count").asLong();
    }
}
