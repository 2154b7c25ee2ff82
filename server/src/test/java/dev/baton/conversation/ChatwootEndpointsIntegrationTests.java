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

/** The Chatwoot endpoints bots and integrations use: toggle_priority, message update and delete, the filters. */
class ChatwootEndpointsIntegrationTests extends IntegrationTest {

    @Test
    void togglePrioritySetsAndClearsTheConversationsPriority() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "urgent!");
        Api api = world.admin.api();
        String path = world.path("/conversations/" + id);

        assertThat(api.get(path).json().path("priority").isNull()).isTrue();
        assertThat(api.post(path + "/toggle_priority", Map.of("priority", "urgent")).status()).isEqualTo(200);
        assertThat(api.get(path).json().path("priority").asString()).isEqualTo("urgent");
        assertThat(api.post(path + "/toggle_priority", Map.of("priority", "none")).status()).isEqualTo(200);
        assertThat(api.get(path).json().path("priority").isNull()).isTrue();

        assertFieldProblem(api.post(path + "/toggle_priority", Map.of("priority", "critical")), 422, "validation_failed",
                "priority", "inclusion");
        Fixtures.World other = fixtures.world();
        assertProblem(other.admin.api().post(other.path("/conversations/" + id + "/toggle_priority"), Map.of("priority", "low")),
                404, "not_found");
        assertThat(api.get(path).json().path("priority").isNull()).isTrue();
    }

    @Test
    void deletingAMessageKeepsItsPlaceMarkedDeletedForAgentsAndTheVisitor() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = world.conversationFrom(visitor, "hello");
        Api api = world.admin.api();
        String messages = world.path("/conversations/" + id + "/messages");
        long reply = api.post(messages, Map.of("content", "my card number is 1234")).json().path("id").asLong();

        Api.Response deleted = api.delete(messages + "/" + reply);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().path("content").asString()).isEqualTo("This message was deleted");
        assertThat(deleted.json().path("content_attributes").path("deleted").asBoolean()).isTrue();

        JsonNode seenByVisitor = visitor.api().get(visitor.path() + "/conversations/" + id + "/messages").json();
        assertThat(seenByVisitor.toString()).doesNotContain("1234").contains("This message was deleted");
        assertThat(api.get(messages).json().path("payload").toString()).doesNotContain("1234");

        assertProblem(api.delete(messages + "/999999999"), 404, "not_found");
        Fixtures.World other = fixtures.world();
        assertProblem(other.admin.api().delete(other.path("/conversations/" + id + "/messages/" + reply)), 404, "not_found");
    }

    @Test
    void updatingAMessageMergesItsAttributesAndOnlyTheAuthorChangesItsText() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        String messages = world.path("/conversations/" + id + "/messages");
        long reply = world.admin.api().post(messages, Map.of("content", "Pick one", "content_type", "input_select",
                "content_attributes", Map.of("items", List.of(Map.of("title", "A", "value", "a"))))).json().path("id").asLong();

        Api.Response changed = world.admin.api().patch(messages + "/" + reply, Map.of("content", "Pick one, please",
                "content_attributes", Map.of("submitted_values", List.of(Map.of("title", "A", "value", "a")))));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("content").asString()).isEqualTo("Pick one, please");
        assertThat(changed.json().path("content_attributes").path("items").size()).isEqualTo(1);
        assertThat(changed.json().path("content_attributes").path("submitted_values").size()).isEqualTo(1);

        Fixtures.Person colleague = world.member("Bea", "administrator", true);
        assertProblem(colleague.api().patch(messages + "/" + reply, Map.of("content", "mine now")), 403, "forbidden");
        assertThat(world.admin.api().get(messages).json().path("payload").toString()).doesNotContain("mine now");
    }

    @Test
    void conversationFilterTakesChatwootsConditionsOnTheListsKeys() {
        Fixtures.World world = fixtures.world();
        Api api = world.admin.api();
        long billing = world.conversationFrom(world.visitor("Ann"), "invoice");
        long other = world.conversationFrom(world.visitor("Bob"), "hello");
        api.post(world.path("/conversations/" + billing + "/labels"), Map.of("labels", List.of("billing")));
        api.post(world.path("/conversations/" + other + "/labels"), Map.of("labels", List.of("other")));

        Api.Response found = api.post(world.path("/conversations/filter"), Map.of("payload", List.of(
                condition("labels", "equal_to", List.of("billing"), "AND"),
                condition("inbox_id", "equal_to", List.of(String.valueOf(world.inbox.id())), null))));
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().path("payload").size()).isEqualTo(1);
        assertThat(found.json().path("payload").get(0).path("id").asLong()).isEqualTo(billing);
        assertThat(found.json().path("meta").path("all_count").asInt()).isEqualTo(1);

        assertFieldProblem(api.post(world.path("/conversations/filter"), Map.of("payload", List.of(
                condition("browser_language", "equal_to", List.of("en"), null)))), 422, "validation_failed",
                "payload.0.attribute_key", "inclusion");
        assertFieldProblem(api.post(world.path("/conversations/filter"), Map.of("payload", List.of(
                condition("status", "equal_to", List.of("open"), "OR"), condition("labels", "equal_to", List.of("x"), null)))),
                422, "validation_failed", "payload.0.query_operator", "inclusion");
        assertFieldProblem(api.post(world.path("/conversations/filter"), Map.of()), 422, "validation_failed", "payload", "required");
    }

    @Test
    void contactFilterTakesLabelsTextAndACustomAttribute() {
        Fixtures.World world = fixtures.world();
        Api api = world.admin.api();
        long gold = contact(api, world, Map.of("name", "Greta Gold", "custom_attributes", Map.of("plan", "gold")));
        long silver = contact(api, world, Map.of("name", "Sven Silver", "custom_attributes", Map.of("plan", "silver")));
        api.post(world.path("/contacts/" + gold + "/labels"), Map.of("labels", List.of("vip")));
        api.post(world.path("/contacts/" + silver + "/labels"), Map.of("labels", List.of("vip")));

        Api.Response found = api.post(world.path("/contacts/filter"), Map.of("payload", List.of(
                condition("labels", "equal_to", List.of("vip"), "AND"),
                condition("plan", "equal_to", List.of("gold"), null))));
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().path("payload").size()).isEqualTo(1);
        assertThat(found.json().path("payload").get(0).path("id").asLong()).isEqualTo(gold);
        assertThat(found.json().path("meta").path("count").asLong()).isEqualTo(1);

        Api.Response byName = api.post(world.path("/contacts/filter"), Map.of("payload", List.of(
                condition("name", "contains", List.of("sven"), null))));
        assertThat(byName.json().path("payload").get(0).path("id").asLong()).isEqualTo(silver);

        assertFieldProblem(api.post(world.path("/contacts/filter"), Map.of("payload", List.of(
                condition("name", "is_present", List.of("x"), null)))), 422, "validation_failed",
                "payload.0.filter_operator", "inclusion");
    }

    private static long contact(Api api, Fixtures.World world, Map<String, Object> fields) {
        return api.post(world.path("/contacts"), fields).json().path("payload").path("contact").path("id").asLong();
    }

    private static Map<String, Object> condition(String key, String operator, List<String> values, String queryOperator) {
        Map<String, Object> condition = new HashMap<>();
        condition.put("attribute_key", key);
        condition.put("filter_operator", operator);
        condition.put("values", values);
        condition.put("query_operator", queryOperator);
        return condition;
    }
}
