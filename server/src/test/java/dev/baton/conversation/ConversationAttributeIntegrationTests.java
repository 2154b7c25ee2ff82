package dev.baton.conversation;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A conversation's custom attributes set by agents (the side panel), checked against their definitions. */
class ConversationAttributeIntegrationTests extends IntegrationTest {

    @Test
    void agentsSetCheckedAttributesAndKeepTheOthers() {
        Fixtures.World world = fixtures.world();
        define(world);
        Fixtures.Visitor visitor = world.visitor("Ada");
        JsonNode opened = visitor.api().post(visitor.path() + "/conversations", Map.of("custom_attributes", Map.of("first_name", "Ada")))
                .json();
        long id = opened.path("id").asLong();
        long seq = world.admin.api().get(world.path("/conversations/" + id)).json().path("last_seq").asLong();

        Api.Response set = world.admin.api().post(world.path("/conversations/" + id + "/custom_attributes"),
                Map.of("custom_attributes", Map.of("topic", "billing", "priority", "3")));

        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("custom_attributes").path("topic").asString()).isEqualTo("Billing");
        assertThat(shown.path("custom_attributes").path("priority").isNumber()).isTrue();
        assertThat(shown.path("custom_attributes").path("first_name").asString()).as("the bot's variables stay").isEqualTo("Ada");
        assertThat(shown.path("last_seq").asLong()).as("a conversation.updated went to the agents' sockets").isGreaterThan(seq);

        Map<String, Object> removal = new HashMap<>();
        removal.put("priority", null);
        world.admin.api().post(world.path("/conversations/" + id + "/custom_attributes"), Map.of("custom_attributes", removal));
        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("custom_attributes").has("priority")).isFalse();
    }

    @Test
    void refusesValuesTheirDefinitionDoesNotAcceptAndChangesNothing() {
        Fixtures.World world = fixtures.world();
        define(world);
        long id = world.conversationFrom(world.visitor("Ada"), "hello");
        String path = world.path("/conversations/" + id + "/custom_attributes");

        assertFieldProblem(world.admin.api().post(path, Map.of("custom_attributes", Map.of("topic", "weather", "priority", "high"))),
                422, "validation_failed", "custom_attributes.topic", "inclusion");
        assertFieldProblem(world.admin.api().post(path, Map.of()), 422, "validation_failed", "custom_attributes", "required");
        assertProblem(world.admin.api().post(path, Map.of("custom_attributes", List.of("x"))), 400, "invalid_type");
        Fixtures.Person outsider = world.member("Otto", "agent", false);
        assertProblem(outsider.api().post(path, Map.of("custom_attributes", Map.of("topic", "Billing"))), 404, "not_found");
        Fixtures.World other = fixtures.world();
        assertProblem(other.admin.api().post(other.path("/conversations/" + id + "/custom_attributes"),
                Map.of("custom_attributes", Map.of("topic", "Billing"))), 404, "not_found");

        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("custom_attributes").size()).isZero();
    }

    private static void define(Fixtures.World world) {
        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("attribute_display_name", "Topic", "attribute_key", "topic", "attribute_model", 0,
                        "attribute_display_type", 6, "attribute_values", List.of("Billing", "Shipping")),
                Map.<String, Object>of("attribute_display_name", "Priority", "attribute_key", "priority", "attribute_model", 0,
                        "attribute_display_type", 1))) {
            Api.Response created = world.admin.api().post(world.path("/custom_attribute_definitions"), body);
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
        }
    }
}
