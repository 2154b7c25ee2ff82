package dev.baton.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditLogIntegrationTests extends IntegrationTest {

    @Test
    void administratorsChangesAreLoggedNewestFirstWithWhoWhatAndTheChangedValues() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();

        long teamId = admin.post(world.path("/teams"), Map.of("name", "Billing", "description", "Invoices")).json().path("id").asLong();
        assertThat(admin.patch(world.path("/teams/" + teamId), Map.of("name", "Accounts")).status()).isEqualTo(200);
        assertThat(admin.patch(world.path("/teams/" + teamId), Map.of("name", "Accounts")).status()).isEqualTo(200);
        assertThat(admin.patch(world.path("/inboxes/" + world.inbox.id()), Map.of("locale", "de")).status()).isEqualTo(200);
        long webhookId = admin.post(world.path("/webhooks"), Map.of("url", "http://127.0.0.1:9/hook", "name", "CRM",
                "subscriptions", List.of("message_created"))).json().path("payload").path("webhook").path("id").asLong();
        assertThat(admin.delete(world.path("/webhooks/" + webhookId)).status()).isEqualTo(200);
        assertThat(admin.delete(world.path("/teams/" + teamId)).status()).isEqualTo(200);

        JsonNode answer = admin.get(world.path("/audit_logs")).json();
        JsonNode logs = answer.path("audit_logs");
        assertThat(answer.path("total_entries").asLong()).isEqualTo(6);
        assertThat(answer.path("next_before").isNull()).isTrue();
        assertThat(logs.valueStream().map(e -> e.path("auditable_type").asString() + " " + e.path("action").asString()).toList())
                .containsExactly("Team destroy", "Webhook destroy", "Webhook create", "Inbox update", "Team update", "Team create");
        for (JsonNode e : logs) {
            assertThat(e.path("user_id").asLong()).isEqualTo(world.admin.id());
            assertThat(e.path("username").asString()).isEqualTo(world.admin.email());
            assertThat(e.path("account_id").asLong()).isEqualTo(world.id());
            assertThat(e.path("created_at").asLong()).isPositive();
        }
        assertThat(logs.get(0).path("auditable_id").asLong()).isEqualTo(teamId);
        assertThat(logs.get(0).path("audited_changes").path("name").asString()).isEqualTo("Accounts");
        assertThat(logs.get(1).path("auditable_id").asLong()).isEqualTo(webhookId);
        assertThat(logs.get(2).path("audited_changes").path("url").asString()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(logs.get(2).path("audited_changes").has("secret")).isFalse();
        assertThat(logs.get(3).path("auditable_id").asLong()).isEqualTo(world.inbox.id());
        assertThat(logs.get(3).path("audited_changes").propertyNames()).containsExactly("locale");
        assertThat(logs.get(3).path("audited_changes").path("locale").get(1).asString()).isEqualTo("de");
        JsonNode renamed = logs.get(4).path("audited_changes");
        assertThat(renamed.propertyNames()).containsExactly("name");
        assertThat(renamed.path("name").valueStream().map(JsonNode::asString).toList()).containsExactly("Billing", "Accounts");
        assertThat(logs.get(5).path("audited_changes").path("description").asString()).isEqualTo("Invoices");
    }

    @Test
    void theLogIsFilteredByTypeAndPagedWithBefore() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        for (String name : List.of("A", "B", "C")) {
            admin.post(world.path("/teams"), Map.of("name", name));
        }
        admin.patch(world.path("/inboxes/" + world.inbox.id()), Map.of("name", "Shop"));

        JsonNode first = admin.get(world.path("/audit_logs?auditable_type=Team&per_page=2")).json();
        assertThat(first.path("total_entries").asLong()).isEqualTo(3);
        assertThat(first.path("audit_logs").valueStream().map(e -> e.path("audited_changes").path("name").asString()).toList())
                .containsExactly("C", "B");
        long before = first.path("next_before").asLong();
        JsonNode second = admin.get(world.path("/audit_logs?auditable_type=Team&per_page=2&before=" + before)).json();
        assertThat(second.path("audit_logs").valueStream().map(e -> e.path("audited_changes").path("name").asString()).toList())
                .containsExactly("A");
        assertThat(second.path("next_before").isNull()).isTrue();
    }

    @Test
    void onlyAdministratorsReadTheLogAndNoOtherAccountsEntries() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        other.admin.api().post(other.path("/teams"), Map.of("name", "Theirs"));
        Fixtures.Person anna = world.agent("Anna");

        Api.Response refused = anna.api().get(world.path("/audit_logs"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("forbidden");
        assertThat(world.admin.api().get(other.path("/audit_logs")).status()).as("not a member: not found").isEqualTo(404);
        assertThat(world.admin.api().get(world.path("/audit_logs")).json().path("audit_logs")).isEmpty();
    }

    @Test
    void badParametersAreRefusedWithStableCodes() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        for (String query : List.of("auditable_type=Nope", "per_page=0", "per_page=101", "before=0", "before=x")) {
            Api.Response refused = admin.get(world.path("/audit_logs?" + query));
            assertThat(refused.status()).as(query).isBetween(400, 422);
            assertThat(refused.code()).as(query).isNotBlank();
        }
    }
}
