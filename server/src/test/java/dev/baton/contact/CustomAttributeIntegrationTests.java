package dev.baton.contact;

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

/** Chatwoot's custom attribute definitions, and contact values checked against them. */
class CustomAttributeIntegrationTests extends IntegrationTest {

    @Test
    void administratorsDefineAttributesInChatwootsShape() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();

        Api.Response created = admin.post(world.path("/custom_attribute_definitions"), Map.of(
                "attribute_display_name", "Customer since", "attribute_display_type", 5, "attribute_model", 1,
                "attribute_description", "First order"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode d = created.json();
        assertThat(d.path("attribute_key").asString()).isEqualTo("customer_since");
        assertThat(d.path("attribute_display_type").asString()).isEqualTo("date");
        assertThat(d.path("attribute_model").asString()).isEqualTo("contact_attribute");
        assertThat(d.path("attribute_values").isArray()).isTrue();
        long id = d.path("id").asLong();

        Api.Response byName = admin.post(world.path("/custom_attribute_definitions"), Map.of(
                "attribute_display_name", "Topic", "attribute_key", "topic", "attribute_display_type", "list",
                "attribute_model", "conversation_attribute", "attribute_values", List.of("Billing", "Shipping")));
        assertThat(byName.status()).as(byName.toString()).isEqualTo(200);

        assertThat(admin.get(world.path("/custom_attribute_definitions?attribute_model=1")).json()
                .valueStream().map(n -> n.path("attribute_key").asString()).toList()).containsExactly("customer_since");
        assertThat(admin.get(world.path("/custom_attribute_definitions?attribute_model=0")).json()
                .valueStream().map(n -> n.path("attribute_key").asString()).toList()).containsExactly("topic");
        assertThat(world.agent("Agnes").api().get(world.path("/custom_attribute_definitions")).json().size()).isEqualTo(2);

        Api.Response patched = admin.patch(world.path("/custom_attribute_definitions/" + id),
                Map.of("attribute_display_name", "Client since"));
        assertThat(patched.json().path("attribute_display_name").asString()).isEqualTo("Client since");
        assertThat(patched.json().path("attribute_display_type").asString()).isEqualTo("date");

        assertThat(admin.delete(world.path("/custom_attribute_definitions/" + id)).status()).isEqualTo(200);
        assertProblem(admin.get(world.path("/custom_attribute_definitions/" + id)), 404, "not_found");
    }

    @Test
    void contactValuesAreCheckedAgainstTheirDefinitionAndStoredCanonically() {
        Fixtures.World world = fixtures.world();
        define(world, "Seats", "seats", 1, null);
        define(world, "Renewal", "renewal", 5, null);
        define(world, "Plan", "plan", 6, List.of("Gold", "Silver"));
        define(world, "Newsletter", "newsletter", 7, null);
        define(world, "Homepage", "homepage", 4, null);
        Api.Response ticket = world.admin.api().post(world.path("/custom_attribute_definitions"), Map.of(
                "attribute_display_name", "Ticket", "attribute_key", "ticket", "attribute_display_type", 0,
                "attribute_model", 1, "regex_pattern", "^T-[0-9]+$", "regex_cue", "Ticket numbers look like T-123"));
        assertThat(ticket.status()).as(ticket.toString()).isEqualTo(200);

        Map<String, Object> good = new HashMap<>(Map.of("seats", "12", "renewal", "2027-01-31", "plan", "gold",
                "newsletter", "yes", "homepage", "https://shop.example", "ticket", "T-42", "free_form", "anything"));
        Api.Response created = world.admin.api().post(world.path("/contacts"), Map.of("name", "Ada", "custom_attributes", good));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode custom = created.json().path("payload").path("contact").path("custom_attributes");
        assertThat(custom.path("seats").isNumber()).isTrue();
        assertThat(custom.path("seats").asLong()).isEqualTo(12);
        assertThat(custom.path("plan").asString()).isEqualTo("Gold");
        assertThat(custom.path("newsletter").asBoolean()).isTrue();
        assertThat(custom.path("renewal").asString()).isEqualTo("2027-01-31");
        assertThat(custom.path("free_form").asString()).isEqualTo("anything");
        long id = created.json().path("payload").path("contact").path("id").asLong();

        JsonNode bad = assertFieldProblem(world.admin.api().patch(world.path("/contacts/" + id), Map.of("name", "Changed",
                        "custom_attributes", Map.of("seats", "many", "renewal", "31.01.2027", "plan", "Bronze",
                                "newsletter", "maybe", "homepage", "javascript:alert(1)", "ticket", "42"))),
                422, "validation_failed", "custom_attributes.seats", "invalid_type");
        assertThat(bad.path("errors").valueStream().map(e -> e.path("field").asString() + "/" + e.path("code").asString()).toList())
                .containsExactlyInAnyOrder("custom_attributes.seats/invalid_type", "custom_attributes.renewal/format",
                        "custom_attributes.plan/inclusion", "custom_attributes.newsletter/invalid_type",
                        "custom_attributes.homepage/url", "custom_attributes.ticket/format");
        assertThat(bad.toString()).contains("Ticket numbers look like T-123");
        JsonNode after = world.admin.api().get(world.path("/contacts/" + id)).json().path("payload");
        assertThat(after.path("name").asString()).as("nothing of the refused request was written").isEqualTo("Ada");
        assertThat(after.path("custom_attributes").path("seats").asLong()).isEqualTo(12);

        Api.Response removed = world.admin.api().patch(world.path("/contacts/" + id),
                Map.of("custom_attributes", java.util.Collections.singletonMap("seats", null)));
        assertThat(removed.json().path("payload").path("custom_attributes").has("seats")).isFalse();
    }

    @Test
    void refusesBadDefinitionsAndWritesNothing() {
        Fixtures.World world = fixtures.world();
        String path = world.path("/custom_attribute_definitions");
        Api admin = world.admin.api();
        assertFieldProblem(admin.post(path, Map.of("attribute_display_type", 0, "attribute_model", 1)),
                422, "validation_failed", "attribute_display_name", "required");
        assertFieldProblem(admin.post(path, Map.of("attribute_display_name", "X", "attribute_display_type", 9, "attribute_model", 1)),
                422, "validation_failed", "attribute_display_type", "inclusion");
        assertFieldProblem(admin.post(path, Map.of("attribute_display_name", "X", "attribute_display_type", 0, "attribute_model", 5)),
                422, "validation_failed", "attribute_model", "inclusion");
        assertFieldProblem(admin.post(path, Map.of("attribute_display_name", "X", "attribute_key", "Bad Key!",
                "attribute_display_type", 0, "attribute_model", 1)), 422, "validation_failed", "attribute_key", "format");
        assertFieldProblem(admin.post(path, Map.of("attribute_display_name", "X", "attribute_display_type", 6, "attribute_model", 1)),
                422, "validation_failed", "attribute_values", "required");
        assertFieldProblem(admin.post(path, Map.of("attribute_display_name", "X", "attribute_display_type", 0, "attribute_model", 1,
                "regex_pattern", "([a-z")), 422, "validation_failed", "regex_pattern", "format");
        assertProblem(admin.post(path, Map.of("attribute_display_name", "X", "attribute_display_type", List.of(1),
                "attribute_model", 1)), 422, "validation_failed");
        assertProblem(admin.raw("POST", path, "{\"attribute_display_name\": ", "application/json"), 400, "malformed_json");
        assertProblem(world.agent("Agnes").api().post(path, Map.of("attribute_display_name", "X", "attribute_display_type", 0,
                "attribute_model", 1)), 403, "forbidden");
        assertThat(admin.get(path).json().size()).isZero();

        long id = define(world, "Plan", "plan", 0, null);
        assertFieldProblem(admin.post(path, Map.of("attribute_display_name", "Plan again", "attribute_key", "plan",
                "attribute_display_type", 0, "attribute_model", 1)), 422, "validation_failed", "attribute_key", "taken");
        assertFieldProblem(admin.patch(path + "/" + id, Map.of("attribute_key", "other")), 422, "validation_failed",
                "attribute_key", "immutable");
        assertFieldProblem(admin.patch(path + "/" + id, Map.of("attribute_model", 0)), 422, "validation_failed",
                "attribute_model", "immutable");
        assertThat(admin.get(path + "/" + id).json().path("attribute_key").asString()).isEqualTo("plan");
        Fixtures.World other = fixtures.world();
        assertProblem(other.admin.api().get(other.path("/custom_attribute_definitions/" + id)), 404, "not_found");
        assertProblem(other.admin.api().delete(other.path("/custom_attribute_definitions/" + id)), 404, "not_found");
        assertFieldProblem(admin.get(path + "?attribute_model=robots"), 422, "validation_failed", "attribute_model", "inclusion");
    }

    static long define(Fixtures.World world, String name, String key, int type, List<String> values) {
        Map<String, Object> body = new HashMap<>(Map.of("attribute_display_name", name, "attribute_key", key,
                "attribute_display_type", type, "attribute_model", 1));
        if (values != null) {
            body.put("attribute_values", values);
        }
        Api.Response created = world.admin.api().post(world.path("/custom_attribute_definitions"), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().path("id").asLong();
    }
}
