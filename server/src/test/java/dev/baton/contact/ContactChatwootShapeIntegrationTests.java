package dev.baton.contact;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contacts in Chatwoot's envelopes: create with its contact inbox, show with the fields in payload, contact_inboxes. */
class ContactChatwootShapeIntegrationTests extends IntegrationTest {

    @Test
    void createWithAnInboxAnswersTheContactAndItsContactInbox() {
        Fixtures.World world = fixtures.world();
        Api api = world.admin.api();

        Api.Response created = api.post(world.path("/contacts"), Map.of("inbox_id", world.inbox.id(), "name", "Clara"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode payload = created.json().path("payload");
        assertThat(payload.path("contact").path("name").asString()).isEqualTo("Clara");
        assertThat(payload.path("contact").path("thumbnail").isString()).isTrue();
        String sourceId = payload.path("contact_inbox").path("source_id").asString();
        assertThat(sourceId).isNotBlank();
        assertThat(payload.path("contact_inbox").path("inbox").path("id").asLong()).isEqualTo(world.inbox.id());
        assertThat(payload.path("contact_inbox").path("inbox").path("channel_type").asString()).isEqualTo("Channel::WebWidget");
        assertThat(payload.path("contact").path("contact_inboxes").get(0).path("source_id").asString()).isEqualTo(sourceId);

        // The contact inbox is a real identity: the public API knows the visitor by it.
        assertThat(anonymous.get("/public/api/v1/inboxes/" + world.inbox.identifier() + "/contacts/" + sourceId).status())
                .isEqualTo(200);

        Api.Response plain = api.post(world.path("/contacts"), Map.of("name", "No inbox"));
        assertThat(plain.json().path("payload").path("contact_inbox").path("source_id").isNull()).isTrue();
    }

    @Test
    void showPutsTheContactFieldsInThePayloadAsChatwootDoes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Vic");

        JsonNode payload = world.admin.api().get(world.path("/contacts/" + visitor.contactId())).json().path("payload");

        assertThat(payload.path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(payload.path("name").asString()).isEqualTo("Vic");
        assertThat(payload.path("type").asString()).isEqualTo("contact");
        assertThat(payload.path("thumbnail").asString()).isEmpty();
        assertThat(payload.path("labels").isArray()).isTrue();
        JsonNode contactInbox = payload.path("contact_inboxes").get(0);
        assertThat(contactInbox.path("source_id").asString()).isEqualTo(visitor.sourceId());
        assertThat(contactInbox.path("inbox").path("name").asString()).isEqualTo(world.inbox.name());
    }

    @Test
    void contactInboxesAddsAnIdentityInAnInboxOnceUnderItsSourceId() {
        Fixtures.World world = fixtures.world();
        Api api = world.admin.api();
        long contact = api.post(world.path("/contacts"), Map.of("name", "Clara")).json().path("payload").path("contact")
                .path("id").asLong();

        Api.Response added = api.post(world.path("/contacts/" + contact + "/contact_inboxes"),
                Map.of("inbox_id", world.inbox.id(), "source_id", "crm-clara-1"));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.json().path("source_id").asString()).isEqualTo("crm-clara-1");
        assertThat(added.json().path("inbox").path("id").asLong()).isEqualTo(world.inbox.id());

        assertFieldProblem(api.post(world.path("/contacts/" + contact + "/contact_inboxes"),
                Map.of("inbox_id", world.inbox.id(), "source_id", "crm-clara-1")), 422, "validation_failed", "source_id", "taken");
        assertFieldProblem(api.post(world.path("/contacts/" + contact + "/contact_inboxes"), Map.of("source_id", "x")),
                422, "validation_failed", "inbox_id", "required");
        Fixtures.World other = fixtures.world();
        assertProblem(api.post(world.path("/contacts/" + contact + "/contact_inboxes"), Map.of("inbox_id", other.inbox.id())),
                404, "not_found");

        JsonNode contactable = api.get(world.path("/contacts/" + contact + "/contactable_inboxes")).json().path("payload");
        assertThat(contactable.size()).isEqualTo(1);
        assertThat(contactable.get(0).path("source_id").asString()).isEqualTo("crm-clara-1");
        assertThat(api.get(world.path("/contacts/" + contact)).json().path("payload").path("contact_inboxes").size())
                .isEqualTo(1);
    }
}
