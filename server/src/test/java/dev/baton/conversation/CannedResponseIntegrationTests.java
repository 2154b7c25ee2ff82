package dev.baton.conversation;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Canned responses in Chatwoot's shape: administrators write them, every member reads and searches them. */
class CannedResponseIntegrationTests extends IntegrationTest {

    @Test
    void administratorCreatesUpdatesAndDeletesCannedResponsesThatAgentsRead() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ada");

        Api.Response created = world.admin.api().post(world.path("/canned_responses"),
                Map.of("short_code", "hello", "content", "Hello, how can I help? 👋"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode body = created.json();
        long id = body.path("id").asLong();
        assertThat(body.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(body.path("short_code").asString()).isEqualTo("hello");
        assertThat(body.path("content").asString()).isEqualTo("Hello, how can I help? 👋");
        world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "bye", "content", "Goodbye!"));

        JsonNode listed = agent.api().get(world.path("/canned_responses")).json();
        assertThat(shortCodes(listed)).containsExactly("bye", "hello");

        Api.Response updated = world.admin.api().patch(world.path("/canned_responses/" + id), Map.of("content", "Hi there"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("short_code").asString()).isEqualTo("hello");
        assertThat(updated.json().path("content").asString()).isEqualTo("Hi there");

        assertThat(world.admin.api().delete(world.path("/canned_responses/" + id)).status()).isEqualTo(200);
        assertThat(shortCodes(agent.api().get(world.path("/canned_responses")).json())).containsExactly("bye");
    }

    @Test
    void searchMatchesTheStartOfTheShortCodeOrOfTheContent() {
        Fixtures.World world = fixtures.world();
        world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "hello", "content", "Hello there"));
        world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "refund", "content", "Refunds take 5 days"));
        world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "opening_hours", "content", "We open at 9"));
        world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "ah", "content", "100% sure"));

        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses?search=he")).json())).containsExactly("hello");
        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses?search=REFUNDS")).json())).containsExactly("refund");
        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses?search=we")).json())).containsExactly("opening_hours");
        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses?search=100%25")).json())).containsExactly("ah");
        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses?search=_")).json())).isEmpty();
        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses?search=")).json())).hasSize(4);
    }

    @Test
    void refusesBadShortCodesTooLongContentAndDuplicatesWithoutWritingAnything() {
        Fixtures.World world = fixtures.world();
        world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "hello", "content", "Hello"));

        assertFieldProblem(world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "Hello World", "content", "x")),
                422, "validation_failed", "short_code", "format");
        assertFieldProblem(world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "a".repeat(51), "content", "x")),
                422, "validation_failed", "short_code", "length");
        assertFieldProblem(world.admin.api().post(world.path("/canned_responses"), Map.of("content", "x")),
                422, "validation_failed", "short_code", "required");
        assertFieldProblem(world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "x", "content", " ")),
                422, "validation_failed", "content", "required");
        assertFieldProblem(world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "long", "content", "y".repeat(1001))),
                422, "validation_failed", "content", "length");
        assertFieldProblem(world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "hello", "content", "Again")),
                422, "validation_failed", "short_code", "taken");
        long other = world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "other", "content", "Other"))
                .json().path("id").asLong();
        assertFieldProblem(world.admin.api().patch(world.path("/canned_responses/" + other), Map.of("short_code", "hello")),
                422, "validation_failed", "short_code", "taken");
        assertProblem(world.admin.api().post(world.path("/canned_responses"), "{\"short_code\": \"a\", \"content\": \"x\\u0000\"}"),
                400, "invalid_characters");

        JsonNode listed = world.admin.api().get(world.path("/canned_responses")).json();
        assertThat(shortCodes(listed)).containsExactly("hello", "other");
        assertThat(listed.get(0).path("content").asString()).isEqualTo("Hello");
        assertThat(listed.get(1).path("content").asString()).isEqualTo("Other");
    }

    @Test
    void onlyAdministratorsWrite() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ada");
        long id = world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "hello", "content", "Hello"))
                .json().path("id").asLong();

        assertProblem(agent.api().post(world.path("/canned_responses"), Map.of("short_code", "mine", "content", "x")), 403, "forbidden");
        assertProblem(agent.api().patch(world.path("/canned_responses/" + id), Map.of("content", "changed")), 403, "forbidden");
        assertProblem(agent.api().delete(world.path("/canned_responses/" + id)), 403, "forbidden");

        JsonNode listed = agent.api().get(world.path("/canned_responses")).json();
        assertThat(shortCodes(listed)).containsExactly("hello");
        assertThat(listed.get(0).path("content").asString()).isEqualTo("Hello");
    }

    @Test
    void anotherAccountsCannedResponseIsNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long theirs = other.admin.api().post(other.path("/canned_responses"), Map.of("short_code", "secret", "content", "Theirs"))
                .json().path("id").asLong();

        assertProblem(world.admin.api().patch(world.path("/canned_responses/" + theirs), Map.of("content", "mine now")), 404, "not_found");
        assertProblem(world.admin.api().delete(world.path("/canned_responses/" + theirs)), 404, "not_found");
        assertThat(shortCodes(world.admin.api().get(world.path("/canned_responses")).json())).isEmpty();
        assertProblem(world.admin.api().get(other.path("/canned_responses")), 404, "not_found");
        // the same short code is free in another account
        assertThat(world.admin.api().post(world.path("/canned_responses"), Map.of("short_code", "secret", "content", "Mine"))
                .status()).isEqualTo(200);
        JsonNode theirList = other.admin.api().get(other.path("/canned_responses")).json();
        assertThat(theirList.get(0).path("content").asString()).isEqualTo("Theirs");
    }

    private static List<String> shortCodes(JsonNode array) {
        return array.valueStream().map(n -> n.path("short_code").asString()).toList();
    }
}
