package dev.baton.contact;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The contact list: filters, keyset pages, labels, notes and the CSV export of a filtered list. */
class ContactListIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void keysetPagesWalkTheWholeListOnceNewestActivityFirstAndNeverActiveLast() {
        Fixtures.World world = fixtures.world();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(ContactImportIntegrationTests.createContact(world, Map.of("name", "P" + i, "email", "p" + i + "@x.example")));
        }
        // Seven never wrote (imported), three share one moment of activity, the rest are spread out.
        Instant base = Instant.parse("2026-05-01T10:00:00Z");
        for (int i = 0; i < ids.size(); i++) {
            Instant at = i < 7 ? null : i < 10 ? base : base.plusSeconds(60L * i);
            jdbc.sql("UPDATE contact SET last_activity_at = ? WHERE id = ?")
                    .params(at == null ? null : at.atOffset(ZoneOffset.UTC), ids.get(i)).update();
        }

        List<Long> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = world.admin.api().get(world.path("/contacts?per_page=4" + (cursor == null ? "" : "&cursor=" + cursor))).json();
            if (cursor == null) {
                assertThat(page.path("meta").path("count").asLong()).isEqualTo(23);
            }
            page.path("payload").forEach(c -> walked.add(c.path("id").asLong()));
            cursor = page.path("meta").path("next_cursor").isNull() ? null : page.path("meta").path("next_cursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(6);
        List<Long> expected = new ArrayList<>();
        for (int i = 22; i >= 10; i--) {
            expected.add(ids.get(i));
        }
        expected.addAll(List.of(ids.get(9), ids.get(8), ids.get(7))); // same moment: by id, newest first
        for (int i = 6; i >= 0; i--) {
            expected.add(ids.get(i));
        }
        assertThat(walked).containsExactlyElementsOf(expected);

        // Chatwoot's numbered pages show the same order.
        JsonNode second = world.admin.api().get(world.path("/contacts?page=2")).json();
        assertThat(second.path("payload").valueStream().map(c -> c.path("id").asLong()).toList())
                .containsExactlyElementsOf(expected.subList(15, 23));
    }

    @Test
    void filtersByTextLabelAttributeAndLastActivity() {
        Fixtures.World world = fixtures.world();
        CustomAttributeIntegrationTests.define(world, "Seats", "seats", 1, null);
        CustomAttributeIntegrationTests.define(world, "Renewal", "renewal", 5, null);
        long ada = ContactImportIntegrationTests.createContact(world, Map.of("name", "Ada Keller", "email", "ada@x.example",
                "custom_attributes", Map.of("seats", 12, "renewal", "2027-01-31", "city", "Zürich")));
        long bob = ContactImportIntegrationTests.createContact(world, Map.of("name", "Bob", "email", "bob@x.example",
                "custom_attributes", Map.of("seats", 3, "renewal", "2026-06-30", "city", "Bern")));
        long cleo = ContactImportIntegrationTests.createContact(world, Map.of("name", "Cleo", "identifier", "CRM-77"));
        world.admin.api().post(world.path("/contacts/" + ada + "/labels"), Map.of("labels", List.of("VIP", "newsletter")));
        world.admin.api().post(world.path("/contacts/" + bob + "/labels"), Map.of("labels", List.of("newsletter")));
        jdbc.sql("UPDATE contact SET last_activity_at = ? WHERE id = ?")
                .params(Instant.parse("2026-01-01T00:00:00Z").atOffset(ZoneOffset.UTC), bob).update();
        jdbc.sql("UPDATE contact SET last_activity_at = ? WHERE id = ?").params(Instant.now().atOffset(ZoneOffset.UTC), ada).update();
        // Cleo was created by an agent and never wrote: no last activity.

        assertThat(ids(world, "q=keller")).containsExactly(ada);
        assertThat(ids(world, "q=crm-7")).containsExactly(cleo);
        assertThat(ids(world, "labels%5B%5D=vip")).containsExactly(ada);
        assertThat(ids(world, "labels=newsletter")).containsExactlyInAnyOrder(ada, bob);
        assertThat(ids(world, "attribute_key=seats&attribute_value=12.0")).containsExactly(ada);
        assertThat(ids(world, "attribute_key=seats&attribute_operator=greater_than&attribute_value=5")).containsExactly(ada);
        assertThat(ids(world, "attribute_key=renewal&attribute_operator=less_than&attribute_value=2026-12-31")).containsExactly(bob);
        assertThat(ids(world, "attribute_key=city&attribute_operator=contains&attribute_value=%C3%BCR")).containsExactly(ada);
        assertThat(ids(world, "attribute_key=city")).containsExactlyInAnyOrder(ada, bob);
        long since = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();
        assertThat(ids(world, "last_activity_after=" + since)).containsExactly(ada);
        assertThat(ids(world, "last_activity_before=" + since)).containsExactly(bob);
        assertThat(ids(world, "activity=never")).containsExactly(cleo);
        assertThat(ids(world, "labels=newsletter&last_activity_after=" + since + "&q=ada")).containsExactly(ada);
        JsonNode listed = world.admin.api().get(world.path("/contacts?q=keller")).json().path("payload").get(0);
        assertThat(listed.path("labels").toString()).isEqualTo("[\"newsletter\",\"vip\"]");
        assertThat(listed.path("email").asString()).isEqualTo("ada@x.example");
    }

    @Test
    void exportsTheFilteredListAsCsvThatImportsBack() throws Exception {
        Fixtures.World world = fixtures.world();
        CustomAttributeIntegrationTests.define(world, "Seats", "seats", 1, null);
        long ada = ContactImportIntegrationTests.createContact(world, Map.of("name", "=HYPERLINK(\"x\")", "email", "ada@x.example",
                "phone_number", "+41 44 123 45 67", "custom_attributes", Map.of("seats", 12)));
        ContactImportIntegrationTests.createContact(world, Map.of("name", "Bob", "email", "bob@x.example"));
        world.admin.api().post(world.path("/contacts/" + ada + "/labels"), Map.of("labels", List.of("vip", "b2b")));

        Api.Response export = world.admin.api().get(world.path("/contacts/export?labels=vip"));

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        assertThat(export.header("Content-Disposition")).contains("contacts.csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.parse(new StringReader(export.body().replace("\uFEFF", ""))).getRecords();
        assertThat(rows.getFirst().toList()).containsExactly("id", "name", "email", "phone_number", "identifier", "labels",
                "last_activity_at", "created_at", "seats");
        assertThat(rows).hasSize(2);
        CSVRecord row = rows.get(1);
        assertThat(row.get(0)).isEqualTo(String.valueOf(ada));
        assertThat(row.get(1)).as("a formula is not run by spreadsheets").isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(row.get(3)).as("a phone number is not mistaken for a formula").isEqualTo("+41 44 123 45 67");
        assertThat(row.get(5)).isEqualTo("b2b;vip");
        assertThat(row.get(8)).isEqualTo("12");

        // The export imports back into another account unchanged (its own columns are ignored).
        Fixtures.World other = fixtures.world();
        CustomAttributeIntegrationTests.define(other, "Seats", "seats", 1, null);
        JsonNode job = Imports.run(other, export.body());
        assertThat(job.path("created_records").asLong()).isEqualTo(1);
        JsonNode imported = other.admin.api().get(other.path("/contacts?q=ada")).json().path("payload").get(0);
        assertThat(imported.path("custom_attributes").path("seats").asLong()).isEqualTo(12);
        assertThat(imported.path("labels").toString()).isEqualTo("[\"b2b\",\"vip\"]");
    }

    @Test
    void labelsAndNotesOfAContact() {
        Fixtures.World world = fixtures.world();
        long id = ContactImportIntegrationTests.createContact(world, Map.of("name", "Ada"));
        Api.Response set = world.admin.api().post(world.path("/contacts/" + id + "/labels"), Map.of("labels", List.of("VIP", "vip", "b2b")));
        assertThat(set.json().path("payload").toString()).isEqualTo("[\"b2b\",\"vip\"]");
        assertThat(world.admin.api().get(world.path("/contacts/" + id + "/labels")).json().path("payload").size()).isEqualTo(2);

        Fixtures.Person agent = world.agent("Agnes");
        Api.Response note = agent.api().post(world.path("/contacts/" + id + "/notes"), Map.of("content", "Prefers e-mail"));
        assertThat(note.status()).as(note.toString()).isEqualTo(200);
        long noteId = note.json().path("id").asLong();
        assertThat(note.json().path("user_id").asLong()).isEqualTo(agent.id());
        Fixtures.Person other = world.agent("Otto");
        assertProblem(other.api().patch(world.path("/contacts/" + id + "/notes/" + noteId), Map.of("content", "mine now")),
                403, "forbidden");
        assertThat(agent.api().patch(world.path("/contacts/" + id + "/notes/" + noteId), Map.of("content", "Prefers phone"))
                .json().path("content").asString()).isEqualTo("Prefers phone");
        assertThat(world.admin.api().get(world.path("/contacts/" + id + "/notes")).json().get(0).path("content").asString())
                .isEqualTo("Prefers phone");
        assertThat(world.admin.api().delete(world.path("/contacts/" + id + "/notes/" + noteId)).status()).isEqualTo(200);
        assertThat(world.admin.api().get(world.path("/contacts/" + id + "/notes")).json().size()).isZero();
    }

    @Test
    void refusesBadListParametersLabelsAndNotes() {
        Fixtures.World world = fixtures.world();
        long id = ContactImportIntegrationTests.createContact(world, Map.of("name", "Ada"));
        world.admin.api().post(world.path("/contacts/" + id + "/labels"), Map.of("labels", List.of("keep")));
        Api api = world.admin.api();

        assertFieldProblem(api.get(world.path("/contacts?cursor=garbage")), 422, "validation_failed", "cursor", "format");
        assertFieldProblem(api.get(world.path("/contacts?per_page=0")), 422, "validation_failed", "per_page", "range");
        assertFieldProblem(api.get(world.path("/contacts?per_page=101")), 422, "validation_failed", "per_page", "range");
        assertFieldProblem(api.get(world.path("/contacts?page=1&cursor=abc")), 422, "validation_failed", "cursor", "exclusive");
        assertFieldProblem(api.get(world.path("/contacts?attribute_value=1")), 422, "validation_failed", "attribute_key", "required");
        assertFieldProblem(api.get(world.path("/contacts?attribute_key=a&attribute_operator=like&attribute_value=1")),
                422, "validation_failed", "attribute_operator", "inclusion");
        assertFieldProblem(api.get(world.path("/contacts?attribute_key=a&attribute_operator=greater_than&attribute_value=abc")),
                422, "validation_failed", "attribute_value", "invalid_type");
        assertFieldProblem(api.get(world.path("/contacts?activity=sometimes")), 422, "validation_failed", "activity", "inclusion");
        assertFieldProblem(api.get(world.path("/contacts?activity=never&last_activity_after=5")), 422, "validation_failed",
                "activity", "exclusive");
        assertFieldProblem(api.get(world.path("/contacts?last_activity_after=-1")), 422, "validation_failed",
                "last_activity_after", "range");
        assertProblem(api.get(world.path("/contacts?last_activity_after=soon")), 400, "invalid_type");
        assertFieldProblem(api.get(world.path("/contacts?labels=bad%20label")), 422, "validation_failed", "labels", "format");
        assertFieldProblem(api.get(world.path("/contacts?q=" + "x".repeat(201))), 422, "validation_failed", "q", "length");
        assertFieldProblem(api.get(world.path("/contacts/export?activity=sometimes")), 422, "validation_failed", "activity",
                "inclusion");

        assertFieldProblem(api.post(world.path("/contacts/" + id + "/labels"), Map.of("labels", List.of("ok", "not ok"))),
                422, "validation_failed", "labels", "format");
        assertFieldProblem(api.post(world.path("/contacts/" + id + "/labels"), Map.of()), 422, "validation_failed", "labels", "required");
        assertProblem(api.post(world.path("/contacts/" + id + "/labels"), Map.of("labels", "vip")), 400, "invalid_type");
        assertThat(api.get(world.path("/contacts/" + id + "/labels")).json().path("payload").toString()).isEqualTo("[\"keep\"]");
        assertFieldProblem(api.post(world.path("/contacts/" + id + "/notes"), Map.of("content", " ")), 422, "validation_failed",
                "content", "required");
        assertFieldProblem(api.post(world.path("/contacts/" + id + "/notes"), Map.of("content", "x".repeat(10_001))),
                422, "validation_failed", "content", "length");
        assertThat(api.get(world.path("/contacts/" + id + "/notes")).json().size()).isZero();

        Fixtures.World other = fixtures.world();
        assertProblem(other.admin.api().get(other.path("/contacts/" + id + "/labels")), 404, "not_found");
        assertProblem(other.admin.api().post(other.path("/contacts/" + id + "/labels"), Map.of("labels", List.of("x"))),
                404, "not_found");
        assertProblem(other.admin.api().post(other.path("/contacts/" + id + "/notes"), Map.of("content", "x")), 404, "not_found");
        assertThat(api.get(world.path("/contacts/" + id + "/labels")).json().path("payload").toString()).isEqualTo("[\"keep\"]");
    }

    private static List<Long> ids(Fixtures.World world, String query) {
        Api.Response listed = world.admin.api().get(world.path("/contacts?" + query));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        return listed.json().path("payload").valueStream().map(c -> c.path("id").asLong()).toList();
    }
}
