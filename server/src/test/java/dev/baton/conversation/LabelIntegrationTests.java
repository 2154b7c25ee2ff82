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

/** The account's labels in Chatwoot's shape. */
class LabelIntegrationTests extends IntegrationTest {

    @Test
    void administratorCreatesUpdatesAndDeletesLabelsThatAgentsRead() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ada");

        Api.Response created = world.admin.api().post(world.path("/labels"),
                Map.of("title", "VIP", "description", "Important customers", "color", "#FF0000", "show_on_sidebar", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        long id = created.json().path("id").asLong();
        assertThat(created.json().path("title").asString()).isEqualTo("vip");
        assertThat(created.json().path("description").asString()).isEqualTo("Important customers");
        assertThat(created.json().path("color").asString()).isEqualTo("#ff0000");
        assertThat(created.json().path("show_on_sidebar").asBoolean()).isFalse();
        JsonNode plain = world.admin.api().post(world.path("/labels"), Map.of("title", "Rückruf")).json();
        assertThat(plain.path("title").asString()).isEqualTo("rückruf");
        assertThat(plain.path("color").asString()).isEqualTo("#1f93ff");
        assertThat(plain.path("show_on_sidebar").asBoolean()).isTrue();

        JsonNode listed = agent.api().get(world.path("/labels")).json().path("payload");
        assertThat(titles(listed)).containsExactly("rückruf", "vip");

        Api.Response updated = world.admin.api().patch(world.path("/labels/" + id), Map.of("color", "#00ff00", "show_on_sidebar", true));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("title").asString()).isEqualTo("vip");
        assertThat(updated.json().path("color").asString()).isEqualTo("#00ff00");
        assertThat(updated.json().path("show_on_sidebar").asBoolean()).isTrue();
        assertThat(updated.json().path("description").asString()).isEqualTo("Important customers");

        assertThat(world.admin.api().delete(world.path("/labels/" + id)).status()).isEqualTo(200);
        assertThat(titles(agent.api().get(world.path("/labels")).json().path("payload"))).containsExactly("rückruf");
    }

    @Test
    void refusesBadTitlesColoursAndDuplicatesWithoutWritingAnything() {
        Fixtures.World world = fixtures.world();
        world.admin.api().post(world.path("/labels"), Map.of("title", "billing", "color", "#123456"));

        assertFieldProblem(world.admin.api().post(world.path("/labels"), Map.of("title", "two words")),
                422, "validation_failed", "title", "format");
        assertFieldProblem(world.admin.api().post(world.path("/labels"), Map.of("title", "x".repeat(101))),
                422, "validation_failed", "title", "format");
        assertFieldProblem(world.admin.api().post(world.path("/labels"), Map.of("color", "#123456")),
                422, "validation_failed", "title", "required");
        assertFieldProblem(world.admin.api().post(world.path("/labels"), Map.of("title", "red", "color", "red")),
                422, "validation_failed", "color", "format");
        assertFieldProblem(world.admin.api().post(world.path("/labels"), Map.of("title", "long", "description", "d".repeat(1001))),
                422, "validation_failed", "description", "length");
        assertFieldProblem(world.admin.api().post(world.path("/labels"), Map.of("title", "BILLING")),
                422, "validation_failed", "title", "taken");
        long other = world.admin.api().post(world.path("/labels"), Map.of("title", "sales")).json().path("id").asLong();
        assertFieldProblem(world.admin.api().patch(world.path("/labels/" + other), Map.of("title", "Billing")),
                422, "validation_failed", "title", "taken");
        assertFieldProblem(world.admin.api().patch(world.path("/labels/" + other), Map.of("color", "#12345")),
                422, "validation_failed", "color", "format");

        JsonNode listed = world.admin.api().get(world.path("/labels")).json().path("payload");
        assertThat(titles(listed)).containsExactly("billing", "sales");
        assertThat(listed.get(0).path("color").asString()).isEqualTo("#123456");
        assertThat(listed.get(1).path("color").asString()).isEqualTo("#1f93ff");
    }

    @Test
    void onlyAdministratorsWrite() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ada");
        long id = world.admin.api().post(world.path("/labels"), Map.of("title", "vip")).json().path("id").asLong();

        assertProblem(agent.api().post(world.path("/labels"), Map.of("title", "mine")), 403, "forbidden");
        assertProblem(agent.api().patch(world.path("/labels/" + id), Map.of("title", "changed")), 403, "forbidden");
        assertProblem(agent.api().delete(world.path("/labels/" + id)), 403, "forbidden");
        assertThat(titles(agent.api().get(world.path("/labels")).json().path("payload"))).containsExactly("vip");
    }

    @Test
    void anotherAccountsLabelIsNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long theirs = other.admin.api().post(other.path("/labels"), Map.of("title", "secret")).json().path("id").asLong();

        assertProblem(world.admin.api().get(world.path("/labels/" + theirs)), 404, "not_found");
        assertProblem(world.admin.api().patch(world.path("/labels/" + theirs), Map.of("title", "mine")), 404, "not_found");
        assertProblem(world.admin.api().delete(world.path("/labels/" + theirs)), 404, "not_found");
        assertProblem(world.admin.api().get(other.path("/labels")), 404, "not_found");
        assertThat(titles(world.admin.api().get(world.path("/labels")).json().path("payload"))).isEmpty();
        assertThat(titles(other.admin.api().get(other.path("/labels")).json().path("payload"))).containsExactly("secret");
    }

    private static List<String> titles(JsonNode array) {
        return array.valueStream().map(n -> n.path("title").asString()).toList();
    }
}
