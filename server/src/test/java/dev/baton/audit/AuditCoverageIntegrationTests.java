package dev.baton.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.account.AccountChanged;
import dev.baton.account.CurrentUser;
import dev.baton.shared.Tokens;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Each audited change writes exactly one entry with the change, and a refused change none (docs/adr/0048): members,
 * invitations and account settings (through {@code account}'s {@link AccountChanged}), stories, agent bots,
 * contacts, imports, custom attributes, canned responses, labels and wrap-up reasons. Slack connections are tested
 * in {@code SlackConnectionIntegrationTests} (they need the fake Slack).
 */
class AuditCoverageIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void membersInvitationsAndSettingsAreLoggedOnceEachWithTheirChanges() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();

        long bob = one(world, "AccountUser create", () -> admin.post(world.path("/agents"), Map.of("name", "Bob", "email",
                "bob-" + world.id() + "@example.com", "password", "a-long-password-1", "role", "agent"))).path("id").asLong();
        JsonNode changed = entry(world, 0);
        assertThat(changed.path("auditable_id").asLong()).isEqualTo(bob);
        assertThat(changed.path("auditable_name").asString()).isEqualTo("Bob");
        assertThat(changed.path("audited_changes").has("password")).isFalse();

        one(world, "AccountUser update", () -> admin.patch(world.path("/agents/" + bob), Map.of("role", "supervisor",
                "licensed", true, "email_on_new_handoff", false)));
        JsonNode changes = entry(world, 0).path("audited_changes");
        assertThat(changes.propertyNames()).containsExactlyInAnyOrder("role", "licensed", "email_on_new_handoff");
        assertThat(changes.path("role").get(0).asString()).isEqualTo("agent");
        assertThat(changes.path("role").get(1).asString()).isEqualTo("supervisor");

        none(world, () -> admin.patch(world.path("/agents/" + world.admin.id()), Map.of("role", "agent")));
        one(world, "AccountUser destroy", () -> admin.delete(world.path("/agents/" + bob)));

        String email = "cleo-" + world.id() + "@example.com";
        long invitation = one(world, "Invitation create", () -> admin.post(world.path("/agents"),
                Map.of("name", "Cleo", "email", email))).path("id").asLong();
        none(world, () -> admin.post(world.path("/agents"), Map.of("name", "Cleo", "email", email)));
        one(world, "Invitation destroy", () -> admin.delete(world.path("/invitations/" + invitation)));

        String dora = "dora-" + world.id() + "@example.com";
        admin.post(world.path("/agents"), Map.of("name", "Dora", "email", dora));
        String token = "audit-" + world.id();
        jdbc.sql("UPDATE invitation SET token_hash = ? WHERE email = ? AND account_id = ?")
                .params(Tokens.hash(token), dora, world.id()).update();
        one(world, "Invitation accept", () -> anonymous.post("/auth/invitations/" + token + "/accept",
                Map.of("name", "Dora", "password", "a-long-password-2")));
        JsonNode accepted = entry(world, 0);
        assertThat(accepted.path("username").asString()).as("the invitee accepted").isEqualTo(dora);
        assertThat(accepted.path("actor_name").asString()).isEqualTo("Dora");
        assertThat(accepted.path("audited_changes").path("user_id").asLong()).isPositive();

        one(world, "Account update", () -> admin.patch(world.path(""), Map.of("locale", "de", "licence_seats", 7)));
        assertThat(entry(world, 0).path("audited_changes").path("licence_seats").get(1).asInt()).isEqualTo(7);
        none(world, () -> admin.patch(world.path(""), Map.of("licence_seats", -1)));
    }

    @Test
    void storiesAndAgentBotsAreLoggedWithoutTheirSecrets() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();

        long story = one(world, "Story create", () -> admin.post(world.path("/stories"), Map.of("name", "Welcome",
                "definition", Api.JSON.readTree("{\"start\": \"a\", \"steps\": {\"a\": {\"type\": \"end\", \"text\": \"Bye\"}}}"))))
                .path("id").asLong();
        one(world, "Story update", () -> admin.patch(world.path("/stories/" + story), Map.of("name", "Hello")));
        assertThat(entry(world, 0).path("audited_changes").path("name").get(1).asString()).isEqualTo("Hello");
        one(world, "Story publish", () -> admin.post(world.path("/stories/" + story + "/publish"), Map.of()));
        assertThat(entry(world, 0).path("audited_changes").path("published_version").get(1).asInt()).isEqualTo(1);
        none(world, () -> admin.patch(world.path("/stories/" + story), Map.of("definition", Map.of("start", "nowhere"))));

        long bot = one(world, "AgentBot create", () -> admin.post(world.path("/agent_bots"), Map.of("name", "FAQ",
                "outgoing_url", "http://127.0.0.1:9/bot"))).path("id").asLong();
        assertThat(entry(world, 0).path("audited_changes").toString()).doesNotContain("whsec_").doesNotContain("access_token");
        one(world, "AgentBot update", () -> admin.patch(world.path("/agent_bots/" + bot), Map.of("description", "Answers")));
        String reset = one(world, "AgentBot reset_access_token",
                () -> admin.post(world.path("/agent_bots/" + bot + "/reset_access_token"), Map.of())).toString();
        JsonNode redacted = entry(world, 0).path("audited_changes").path("access_token");
        assertThat(redacted.get(1).asString()).isEqualTo("[redacted]");
        assertThat(reset).contains("access_token");
        one(world, "Inbox update", () -> admin.post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", bot)));
        assertThat(entry(world, 0).path("audited_changes").path("agent_bot_id").get(1).asLong()).isEqualTo(bot);
        none(world, () -> admin.post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"), Map.of("agent_bot", 999_999)));
        one(world, "AgentBot destroy", () -> admin.delete(world.path("/agent_bots/" + bot)));
    }

    @Test
    void contactsAreLoggedByIdOnlyAndAnImportOnce() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long ada = contact(world, "Ada");
        long eve = contact(world, "Eve");
        long zoe = contact(world, "Zoe");
        assertThat(count(world)).as("creating contacts is no settings change").isZero();

        one(world, "Contact merge", () -> admin.post(world.path("/actions/contact_merge"),
                Map.of("base_contact_id", ada, "mergee_contact_id", eve)));
        none(world, () -> admin.post(world.path("/actions/contact_merge"), Map.of("base_contact_id", ada, "mergee_contact_id", ada)));
        one(world, "Contact destroy", () -> admin.delete(world.path("/contacts/" + zoe)));
        JsonNode deleted = entry(world, 0);
        assertThat(deleted.path("auditable_name").isNull()).isTrue();
        assertThat(deleted.path("audited_changes").toString()).doesNotContain("Zoe");

        one(world, "DataImport create", () -> new Multipart().file("import_file", "people.csv", "text/csv",
                "name,email\nIda,ida@example.com\nJo,jo@example.com\n".getBytes(StandardCharsets.UTF_8))
                .post(admin, world.path("/contacts/import")));
        assertThat(entry(world, 0).path("auditable_name").asString()).isEqualTo("people.csv");
    }

    @Test
    void customAttributesCannedResponsesLabelsAndWrapUpReasonsAreLogged() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();

        long plan = one(world, "CustomAttributeDefinition create", () -> admin.post(world.path("/custom_attribute_definitions"),
                Map.of("attribute_display_name", "Plan", "attribute_display_type", 0, "attribute_key", "plan",
                        "attribute_model", 1))).path("id").asLong();
        none(world, () -> admin.post(world.path("/custom_attribute_definitions"), Map.of("attribute_display_name", "Plan",
                "attribute_display_type", 0, "attribute_key", "plan", "attribute_model", 1)));
        one(world, "CustomAttributeDefinition update", () -> admin.patch(world.path("/custom_attribute_definitions/" + plan),
                Map.of("attribute_display_name", "Tariff")));
        one(world, "CustomAttributeDefinition destroy", () -> admin.delete(world.path("/custom_attribute_definitions/" + plan)));

        long hello = one(world, "CannedResponse create", () -> admin.post(world.path("/canned_responses"),
                Map.of("short_code", "hello", "content", "Hello!"))).path("id").asLong();
        none(world, () -> admin.post(world.path("/canned_responses"), Map.of("short_code", "hello", "content", "Again")));
        one(world, "CannedResponse update", () -> admin.patch(world.path("/canned_responses/" + hello), Map.of("content", "Hi!")));
        one(world, "CannedResponse destroy", () -> admin.delete(world.path("/canned_responses/" + hello)));
        long vip = one(world, "Label create", () -> admin.post(world.path("/labels"), Map.of("title", "vip"))).path("id").asLong();
        one(world, "Label destroy", () -> admin.delete(world.path("/labels/" + vip)));
        long solved = one(world, "WrapUpReason create", () -> admin.post(world.path("/wrap_up_reasons"), Map.of("name", "Solved")))
                .path("id").asLong();
        one(world, "WrapUpReason update", () -> admin.patch(world.path("/wrap_up_reasons/" + solved), Map.of("active", false)));
    }

    @Test
    void aRotatedWebhookSecretIsLoggedAsRedacted() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        JsonNode hook = admin.post(world.path("/webhooks"), Map.of("url", "http://127.0.0.1:9/hook", "name", "CRM",
                "subscriptions", List.of("message_created"))).json().path("payload").path("webhook");

        one(world, "Webhook update", () -> admin.post(world.path("/webhooks/" + hook.path("id").asLong() + "/rotate_secret"), Map.of()));
        JsonNode entry = entry(world, 0);
        assertThat(entry.path("audited_changes").path("secret").get(1).asString()).isEqualTo("[redacted]");
        assertThat(entry.path("auditable_name").asString()).isEqualTo("CRM");
        assertThat(entry.toString()).doesNotContain("whsec_");
    }

    @Test
    void supervisorsAndAgentsAreRefusedTheLogWithTheStableCode() {
        Fixtures.World world = fixtures.world();
        for (Fixtures.Person person : List.of(world.member("Sue", "supervisor", true), world.agent("Al"))) {
            Api.Response refused = person.api().get(world.path("/audit_logs"));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("forbidden");
        }
    }

    @Test
    void theLogIsFilteredByUser() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person second = world.member("Sam", "administrator", false);
        world.admin.api().post(world.path("/labels"), Map.of("title", "mine"));
        second.api().post(world.path("/labels"), Map.of("title", "theirs"));

        JsonNode theirs = world.admin.api().get(world.path("/audit_logs?user_id=" + second.id())).json();
        assertThat(theirs.path("total_entries").asLong()).isEqualTo(1);
        assertThat(theirs.path("audit_logs").get(0).path("auditable_name").asString()).isEqualTo("theirs");
        assertThat(theirs.path("audit_logs").get(0).path("actor_name").asString()).isEqualTo("Sam");
        Api.Response refused = world.admin.api().get(world.path("/audit_logs?user_id=0"));
        assertThat(refused.status()).isEqualTo(422);
    }

    @Test
    void anEntryIsWrittenOnlyInsideTheChangesTransactionAndGoesWithItsRollback() {
        Fixtures.World world = fixtures.world();
        CurrentUser actor = new CurrentUser(world.admin.id(), world.admin.email(), "Admin");
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        transaction.executeWithoutResult(status -> {
            audit.record(world.id(), actor, AuditLog.LABEL, 1, "vip", AuditLog.CREATE, Map.of("title", "vip"));
            events.publishEvent(new AccountChanged(world.id(), actor, AccountChanged.ACCOUNT, world.id(), "Account",
                    AccountChanged.UPDATE, Map.of("locale", "en"), Map.of("locale", "de")));
            assertThat(count(world)).as("written in the transaction").isEqualTo(2);
            status.setRollbackOnly();
        });

        assertThat(count(world)).isZero();
        assertThatThrownBy(() -> audit.record(world.id(), actor, AuditLog.LABEL, 1, "vip", AuditLog.CREATE, Map.of()))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> events.publishEvent(new AccountChanged(world.id(), actor, AccountChanged.ACCOUNT, world.id(),
                "Account", AccountChanged.UPDATE, Map.of("locale", "en"), Map.of("locale", "de"))))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(count(world)).isZero();
    }

    /** Runs a change that must succeed and write exactly one entry, {@code "Type action"}; returns its answer. */
    private JsonNode one(Fixtures.World world, String expected, Supplier<Api.Response> change) {
        long before = count(world);
        Api.Response answer = change.get();
        assertThat(answer.status()).as(answer.toString()).isBetween(200, 299);
        assertThat(count(world)).as(expected + ": one entry").isEqualTo(before + 1);
        JsonNode newest = entry(world, 0);
        assertThat(newest.path("auditable_type").asString() + " " + newest.path("action").asString()).isEqualTo(expected);
        return answer.body().isEmpty() ? Api.JSON.createObjectNode() : answer.json();
    }

    /** Runs a change that must be refused and write nothing. */
    private void none(Fixtures.World world, Supplier<Api.Response> change) {
        long before = count(world);
        Api.Response answer = change.get();
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertThat(count(world)).as("a refused change writes no entry").isEqualTo(before);
    }

    private long count(Fixtures.World world) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE account_id = ?").param(world.id()).query(Long.class).single();
    }

    private JsonNode entry(Fixtures.World world, int index) {
        return world.admin.api().get(world.path("/audit_logs")).json().path("audit_logs").get(index);
    }

    private static long contact(Fixtures.World world, String name) {
        Api.Response created = world.admin.api().post(world.path("/contacts"), Map.of("inbox_id", world.inbox.id(), "name", name,
                "email", name.toLowerCase() + "-" + world.id() + "@example.com"));
        assertThat(created.status()).as(created.toString()).isBetween(200, 299);
        JsonNode body = created.json();
        JsonNode contact = body.path("payload").path("contact");
        return contact.isMissingNode() ? body.path("id").asLong() : contact.path("id").asLong();
    }
}
