package dev.baton.webhook;

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

/** Chatwoot's /webhooks for administrators: shapes, validation with clear codes, and nothing half-changed. */
class WebhookApiIntegrationTests extends IntegrationTest {

    @Test
    void administratorsCreateListChangeAndDeleteWebhooksInChatwootsEnvelopes() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();

        JsonNode created = admin.post(world.path("/webhooks"), Map.of("url", "http://127.0.0.1:9/hook", "name", "CRM",
                "subscriptions", List.of("message_created", "conversation_created", "handoff_ended"))).json()
                .path("payload").path("webhook");
        long id = created.path("id").asLong();
        assertThat(created.path("url").asString()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(created.path("name").asString()).isEqualTo("CRM");
        assertThat(created.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(created.path("subscriptions").valueStream().map(JsonNode::asString).toList())
                .containsExactly("message_created", "conversation_created", "handoff_ended");
        assertThat(created.path("secret").asString()).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(created.path("enabled").asBoolean()).isTrue();

        JsonNode listed = admin.get(world.path("/webhooks")).json().path("payload").path("webhooks");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("id").asLong()).isEqualTo(id);

        // Rails' wrapped form {"webhook": {...}}, as some clients send it; a missing field keeps its value.
        JsonNode changed = admin.patch(world.path("/webhooks/" + id), Map.of("webhook", Map.of("subscriptions",
                List.of("contact_created")))).json().path("payload").path("webhook");
        assertThat(changed.path("subscriptions").valueStream().map(JsonNode::asString).toList()).containsExactly("contact_created");
        assertThat(changed.path("name").asString()).isEqualTo("CRM");
        assertThat(admin.put(world.path("/webhooks/" + id), Map.of("name", "Sales CRM")).json().path("payload").path("webhook")
                .path("name").asString()).isEqualTo("Sales CRM");

        Api.Response deleted = admin.delete(world.path("/webhooks/" + id));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(admin.get(world.path("/webhooks")).json().path("payload").path("webhooks")).isEmpty();
        assertProblem(admin.delete(world.path("/webhooks/" + id)), 404, "not_found");
    }

    @Test
    void onlyAdministratorsSeeOrChangeWebhooks() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Anna");
        Fixtures.Person supervisor = world.member("Sam", "supervisor", true);
        long id = create(world, "http://127.0.0.1:9/a").path("id").asLong();

        assertProblem(agent.api().get(world.path("/webhooks")), 403, "forbidden");
        assertProblem(supervisor.api().get(world.path("/webhooks")), 403, "forbidden");
        assertProblem(agent.api().post(world.path("/webhooks"), Map.of("url", "http://127.0.0.1:9/b",
                "subscriptions", List.of("message_created"))), 403, "forbidden");
        assertProblem(agent.api().delete(world.path("/webhooks/" + id)), 403, "forbidden");
        assertProblem(agent.api().get(world.path("/webhooks/" + id + "/deliveries")), 403, "forbidden");
        assertProblem(anonymous.get(world.path("/webhooks")), 401, "unauthorized");
        assertThat(world.admin.api().get(world.path("/webhooks")).json().path("payload").path("webhooks")).hasSize(1);
    }

    @Test
    void anotherAccountsWebhookIsNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long theirs = create(other, "http://127.0.0.1:9/theirs").path("id").asLong();
        Api admin = world.admin.api();

        assertProblem(admin.get(world.path("/webhooks/" + theirs)), 404, "not_found");
        assertProblem(admin.patch(world.path("/webhooks/" + theirs), Map.of("name", "x")), 404, "not_found");
        assertProblem(admin.delete(world.path("/webhooks/" + theirs)), 404, "not_found");
        assertProblem(admin.get(world.path("/webhooks/" + theirs + "/deliveries")), 404, "not_found");
        assertProblem(admin.post(world.path("/webhooks/" + theirs + "/rotate_secret"), Map.of()), 404, "not_found");
        assertThat(other.admin.api().get(other.path("/webhooks/" + theirs)).json().path("payload").path("webhook")
                .path("name").isNull()).isTrue();
    }

    @Test
    void badInputIsRefusedWithAFieldAndACodeAndCreatesNothing() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        String path = world.path("/webhooks");

        assertFieldProblem(admin.post(path, Map.of("url", "http://127.0.0.1:9/x", "subscriptions", List.of("message_created",
                "message_exploded"))), 422, "validation_failed", "subscriptions", "unknown_event");
        assertFieldProblem(admin.post(path, Map.of("url", "http://127.0.0.1:9/x", "subscriptions", List.of())), 422,
                "validation_failed", "subscriptions", "required");
        assertFieldProblem(admin.post(path, Map.of("url", "http://127.0.0.1:9/x")), 422, "validation_failed",
                "subscriptions", "required");
        assertFieldProblem(admin.post(path, Map.of("subscriptions", List.of("message_created"))), 422, "validation_failed",
                "url", "required");
        assertFieldProblem(admin.post(path, Map.of("url", "ftp://127.0.0.1/x", "subscriptions", List.of("message_created"))),
                422, "validation_failed", "url", "format");
        assertFieldProblem(admin.post(path, Map.of("url", "not a url", "subscriptions", List.of("message_created"))),
                422, "validation_failed", "url", "format");
        assertFieldProblem(admin.post(path, Map.of("url", "http://user:pw@127.0.0.1/x", "subscriptions", List.of("message_created"))),
                422, "validation_failed", "url", "format");
        assertFieldProblem(admin.post(path, Map.of("url", "http://127.0.0.1/" + "a".repeat(2100),
                "subscriptions", List.of("message_created"))), 422, "validation_failed", "url", "length");
        assertFieldProblem(admin.post(path, Map.of("url", "http://127.0.0.1:9/x", "name", "n".repeat(256),
                "subscriptions", List.of("message_created"))), 422, "validation_failed", "name", "length");
        assertProblem(admin.raw("POST", path, "{\"url\": \"http://127.0.0.1:9/x\", \"subscriptions\": \"message_created\"}",
                "application/json"), 400, "invalid_type");
        assertProblem(admin.raw("POST", path, "{\"url\": ", "application/json"), 400, "malformed_json");
        assertThat(admin.get(path).json().path("payload").path("webhooks")).isEmpty();

        long id = create(world, "http://127.0.0.1:9/one").path("id").asLong();
        assertFieldProblem(admin.post(path, Map.of("url", "http://127.0.0.1:9/one", "subscriptions", List.of("message_created"))),
                422, "validation_failed", "url", "taken");
        assertFieldProblem(admin.patch(world.path("/webhooks/" + id), Map.of("subscriptions", List.of("nope"))),
                422, "validation_failed", "subscriptions", "unknown_event");
        assertFieldProblem(admin.patch(world.path("/webhooks/" + id), Map.of("name", "changed", "url", "gopher://x")),
                422, "validation_failed", "url", "format");
        JsonNode unchanged = admin.get(world.path("/webhooks/" + id)).json().path("payload").path("webhook");
        assertThat(unchanged.path("name").isNull()).isTrue();
        assertThat(unchanged.path("url").asString()).isEqualTo("http://127.0.0.1:9/one");
        assertThat(unchanged.path("subscriptions").get(0).asString()).isEqualTo("message_created");

        String deliveries = world.path("/webhooks/" + id + "/deliveries");
        assertFieldProblem(admin.get(deliveries + "?status=lost"), 422, "validation_failed", "status", "inclusion");
        assertFieldProblem(admin.get(deliveries + "?per_page=0"), 422, "validation_failed", "per_page", "range");
        assertFieldProblem(admin.get(deliveries + "?per_page=101"), 422, "validation_failed", "per_page", "range");
        assertProblem(admin.get(deliveries + "?before=abc"), 400, "invalid_type");
        assertProblem(admin.post(world.path("/webhooks/" + id + "/deliveries/999999/redeliver"), Map.of()), 404, "not_found");
    }

    @Test
    void rotatingTheSecretKeepsThePreviousOneForTheGracePeriod() {
        Fixtures.World world = fixtures.world();
        JsonNode created = create(world, "http://127.0.0.1:9/rotate");
        JsonNode rotated = world.admin.api().post(world.path("/webhooks/" + created.path("id").asLong() + "/rotate_secret"),
                Map.of()).json().path("payload").path("webhook");
        assertThat(rotated.path("secret").asString()).startsWith("whsec_").isNotEqualTo(created.path("secret").asString());
        assertThat(rotated.path("previous_secret_expires_at").asLong()).isGreaterThan(rotated.path("updated_at").asLong());
    }

    @Test
    void anAdministratorDisablesAndEnablesAWebhook() {
        Fixtures.World world = fixtures.world();
        long id = create(world, "http://127.0.0.1:9/toggle").path("id").asLong();
        JsonNode disabled = world.admin.api().patch(world.path("/webhooks/" + id), Map.of("enabled", false)).json()
                .path("payload").path("webhook");
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        assertThat(disabled.path("disabled_reason").asString()).isEqualTo("disabled by an administrator");
        JsonNode enabled = world.admin.api().patch(world.path("/webhooks/" + id), Map.of("enabled", true)).json()
                .path("payload").path("webhook");
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        assertThat(enabled.path("disabled_reason").isNull()).isTrue();
    }

    private static JsonNode create(Fixtures.World world, String url) {
        Api.Response r = world.admin.api().post(world.path("/webhooks"), Map.of("url", url,
                "subscriptions", List.of("message_created")));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().path("payload").path("webhook");
    }
}
