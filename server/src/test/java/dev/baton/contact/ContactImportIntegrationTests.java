package dev.baton.contact;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * CSV import: matching by identifier or e-mail, the per-row error report, importing the same file again,
 * two imports of one file at once, a job left by a dead node, and every refused upload.
 */
class ContactImportIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ContactImports imports;

    @Test
    void createsAndUpdatesContactsAndReportsEveryRefusedCellByRowAndColumn() {
        Fixtures.World world = fixtures.world();
        definePlan(world);
        long known = createContact(world, Map.of("name", "Old Name", "email", "known@shop.example"));
        String csv = """
                name,email,identifier,phone_number,plan,labels
                Ada Lovelace,ada@shop.example,crm-1,+41 44 123 45 67,gold,vip;newsletter
                Known Person,KNOWN@shop.example,,,silver,
                Bad Mail,not-an-email,crm-3,,gold,
                Bad Plan,plan@shop.example,crm-4,,platinum,
                No Key,,,+41 44 000 00 00,,
                "Two, Problems",two@shop.example,crm-6,call me,diamond,
                """;

        JsonNode job = Imports.run(world, csv);

        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("total_records").asLong()).isEqualTo(6);
        assertThat(job.path("processed_records").asLong()).isEqualTo(6);
        assertThat(job.path("created_records").asLong()).isEqualTo(1);
        assertThat(job.path("updated_records").asLong()).isEqualTo(1);
        assertThat(job.path("failed_records").asLong()).isEqualTo(4);
        assertThat(Imports.errors(world, job.path("id").asLong())).containsExactly(
                List.of("4", "email", "email is not a valid e-mail address"),
                List.of("5", "plan", "Plan must be one of gold, silver"),
                List.of("6", "email", "the row needs an e-mail or an identifier to be matched"),
                List.of("7", "phone_number", "phone_number must look like +41 44 123 45 67"),
                List.of("7", "plan", "Plan must be one of gold, silver"));

        JsonNode ada = only(world, "crm-1");
        assertThat(ada.path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(ada.path("phone_number").asString()).isEqualTo("+41 44 123 45 67");
        assertThat(ada.path("custom_attributes").path("plan").asString()).isEqualTo("gold");
        assertThat(ada.path("last_activity_at").isNull()).as("an imported contact never wrote").isTrue();
        assertThat(labels(world, ada.path("id").asLong())).containsExactly("newsletter", "vip");
        JsonNode updated = world.admin.api().get(world.path("/contacts/" + known)).json().path("payload");
        assertThat(updated.path("name").asString()).isEqualTo("Known Person");
        assertThat(updated.path("custom_attributes").path("plan").asString()).isEqualTo("silver");
        // A refused row writes nothing at all: no contact for crm-3, crm-4 or crm-6.
        for (String refused : List.of("crm-3", "crm-4", "crm-6", "plan@shop.example", "two@shop.example")) {
            assertThat(search(world, refused)).as(refused).isEmpty();
        }
    }

    @Test
    void importingTheSameFileAgainChangesNothing() {
        Fixtures.World world = fixtures.world();
        definePlan(world);
        CustomAttributeIntegrationTests.define(world, "Seats", "seats", 1, null);
        CustomAttributeIntegrationTests.define(world, "Renewal", "renewal", 5, null);
        StringBuilder csv = new StringBuilder("identifier;name;email;plan;seats;renewal;labels\n");
        for (int i = 1; i <= 1200; i++) { // more than two batches
            csv.append("id-").append(i).append(";Person ").append(i).append(";p").append(i).append("@shop.example;")
                    .append(i % 2 == 0 ? "gold" : "silver").append(';').append(i).append(".50;2027-01-0").append(1 + i % 9)
                    .append(";imported\n");
        }
        csv.append("id-bad;Bad;bad-mail;gold;1;2027-01-01;\n");

        JsonNode first = Imports.run(world, csv.toString());
        assertThat(first.path("created_records").asLong()).isEqualTo(1200);
        assertThat(first.path("failed_records").asLong()).isEqualTo(1);
        Map<String, Object> before = snapshot(world);

        JsonNode second = Imports.run(world, csv.toString());

        assertThat(second.path("status").asString()).isEqualTo("completed");
        assertThat(second.path("created_records").asLong()).isZero();
        assertThat(second.path("updated_records").asLong()).isZero();
        assertThat(second.path("unchanged_records").asLong()).isEqualTo(1200);
        assertThat(second.path("failed_records").asLong()).isEqualTo(1);
        assertThat(snapshot(world)).as("no contact, attribute, label or updated_at changed").isEqualTo(before);
    }

    @Test
    void twoImportsOfTheSameFileAtOnceCreateEachContactOnce() throws Exception {
        Fixtures.World world = fixtures.world();
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 1; i <= 3000; i++) {
            csv.append("twin").append(i).append("@shop.example,Twin ").append(i).append('\n');
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> uploads = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                uploads.add(pool.submit(() -> {
                    start.await();
                    return Imports.upload(world, file, null);
                }));
            }
            start.countDown();
            List<JsonNode> jobs = new ArrayList<>();
            for (Future<Api.Response> upload : uploads) {
                Api.Response started = upload.get();
                assertThat(started.status()).as(started.toString()).isEqualTo(200);
                jobs.add(started.json());
            }
            JsonNode a = Imports.await(world, jobs.get(0).path("id").asLong());
            JsonNode b = Imports.await(world, jobs.get(1).path("id").asLong());

            assertThat(List.of(a, b)).allSatisfy(job -> {
                assertThat(job.path("status").asString()).isEqualTo("completed");
                assertThat(job.path("failed_records").asLong()).as(job.toString()).isZero();
            });
            // The two jobs ran at the same time (each started before the other finished) ...
            assertThat(a.path("started_at").asLong()).isLessThanOrEqualTo(b.path("finished_at").asLong());
            assertThat(b.path("started_at").asLong()).isLessThanOrEqualTo(a.path("finished_at").asLong());
            // ... and still each row became exactly one contact.
            assertThat(a.path("created_records").asLong() + b.path("created_records").asLong()).isEqualTo(3000);
            assertThat(a.path("created_records").asLong() + a.path("updated_records").asLong()
                    + a.path("unchanged_records").asLong()).isEqualTo(3000);
            assertThat(count(world)).isEqualTo(3000);
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT email) FROM contact WHERE account_id = ?").param(world.id())
                    .query(Long.class).single()).isEqualTo(3000);
        }
    }

    @Test
    void aJobWhoseNodeDiedGoesOnAfterItsLastCommittedBatch() throws Exception {
        Fixtures.World world = fixtures.world();
        // A node claimed this job, wrote the first two rows and died: its claim expired a minute ago.
        createContact(world, Map.of("email", "r1@shop.example", "name", "Row One"));
        createContact(world, Map.of("email", "r2@shop.example", "name", "Row Two"));
        String csv = "email,name\nr1@shop.example,Changed One\nr2@shop.example,Changed Two\nr3@shop.example,Row Three\n"
                + "r4@shop.example,Row Four\n";
        long id = orphanedJob(world, csv, 2, Instant.now().minusSeconds(60));

        JsonNode job = Imports.await(world, id);

        assertThat(job.path("status").asString()).isEqualTo("completed");
        assertThat(job.path("processed_records").asLong()).isEqualTo(4);
        assertThat(job.path("created_records").asLong()).as("only the rows after the checkpoint").isEqualTo(2);
        assertThat(search(world, "r1@shop.example").getFirst().path("name").asString())
                .as("rows before the checkpoint are not read again").isEqualTo("Row One");
        assertThat(search(world, "r4@shop.example")).hasSize(1);
        assertThat(jdbc.sql("SELECT attempts FROM contact_import WHERE id = ?").param(id).query(Integer.class).single())
                .isEqualTo(2);
    }

    @Test
    void aJobWhoseFileIsGoneIsMarkedFailedWithTheReason() throws Exception {
        Fixtures.World world = fixtures.world();
        long id = orphanedJob(world, "email\nx@shop.example\n", 0, Instant.now().minusSeconds(60));
        String key = jdbc.sql("SELECT storage_key FROM contact_import WHERE id = ?").param(id).query(String.class).single();
        Files.delete(imports.file(key));

        JsonNode job = Imports.await(world, id);

        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("failure").asString()).contains("file is gone");
        assertThat(count(world)).isZero();
    }

    @Test
    void readsSemicolonFilesWithAByteOrderMarkAndTheClientsMapping() {
        Fixtures.World world = fixtures.world();
        String csv = "\uFEFFKunde;E-Mail-Adresse;Telefon;Notiz\n\"Müller, Jörg\";joerg@beispiel.de;+49 30 1234567;egal\n";
        Api.Response preview = new Multipart().file("import_file", "kunden.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8))
                .post(world.admin.api(), world.path("/contacts/import/preview"));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().path("delimiter").asString()).isEqualTo(";");
        assertThat(preview.json().path("headers").toString()).isEqualTo("[\"Kunde\",\"E-Mail-Adresse\",\"Telefon\",\"Notiz\"]");
        assertThat(preview.json().path("rows").get(0).get(0).asString()).isEqualTo("Müller, Jörg");

        Api.Response started = Imports.upload(world, csv.getBytes(StandardCharsets.UTF_8),
                "{\"Kunde\":\"name\",\"E-Mail-Adresse\":\"email\",\"Telefon\":\"phone_number\",\"Notiz\":\"ignore\"}");
        JsonNode job = Imports.await(world, started.json().path("id").asLong());

        assertThat(job.path("created_records").asLong()).isEqualTo(1);
        JsonNode joerg = search(world, "joerg@beispiel.de").getFirst();
        assertThat(joerg.path("name").asString()).isEqualTo("Müller, Jörg");
        assertThat(joerg.path("phone_number").asString()).isEqualTo("+49 30 1234567");
        assertThat(joerg.path("custom_attributes").size()).isZero();
    }

    @Test
    void refusesBadUploadsClearlyAndStoresNothing() throws Exception {
        Fixtures.World world = fixtures.world();
        String path = world.path("/contacts/import");
        long files = importFiles();

        assertFieldProblem(new Multipart().field("mapping", "{}").post(world.admin.api(), path), 422, "validation_failed",
                "import_file", "required");
        assertFieldProblem(Imports.upload(world, new byte[0], null), 422, "validation_failed", "import_file", "header");
        assertFieldProblem(Imports.upload(world, new byte[]{'e', 'm', 'a', 'i', 'l', '\n', (byte) 0xe9, 'x', '\n'}, null),
                422, "validation_failed", "import_file", "encoding");
        assertFieldProblem(Imports.upload(world, "email,name\n\"x@y.example,broken\n".getBytes(StandardCharsets.UTF_8), null),
                422, "validation_failed", "import_file", "format");
        assertFieldProblem(Imports.upload(world, "name,phone\nAda,123\n".getBytes(StandardCharsets.UTF_8), null),
                422, "validation_failed", "mapping", "required");
        assertFieldProblem(Imports.upload(world, "email,email\na@b.example,c@d.example\n".getBytes(StandardCharsets.UTF_8), null),
                422, "validation_failed", "import_file", "header");
        byte[] ok = "email,name\na@b.example,A\n".getBytes(StandardCharsets.UTF_8);
        assertFieldProblem(Imports.upload(world, ok, "not json"), 422, "validation_failed", "mapping", "format");
        assertFieldProblem(Imports.upload(world, ok, "{\"email\":\"email\",\"name\":\"password\"}"), 422, "validation_failed",
                "mapping", "inclusion");
        assertFieldProblem(Imports.upload(world, ok, "{\"email\":\"email\",\"name\":\"email\"}"), 422, "validation_failed",
                "mapping", "taken");
        assertFieldProblem(Imports.upload(world, ok, "{\"mail\":\"email\"}"), 422, "validation_failed", "mapping", "unknown");
        assertProblem(world.admin.api().post(path, Map.of("import_file", "email\na@b.example")), 415, "unsupported_media_type");
        Fixtures.Person agent = world.agent("Agnes");
        assertProblem(new Multipart().file("import_file", "c.csv", "text/csv", ok).post(agent.api(), path), 403, "forbidden");
        assertProblem(world.admin.api().get(world.path("/contacts/imports/999999")), 404, "not_found");
        Fixtures.World other = fixtures.world();
        long theirs = Imports.run(other, "email\nx@other.example\n").path("id").asLong();
        assertProblem(world.admin.api().get(world.path("/contacts/imports/" + theirs)), 404, "not_found");
        assertProblem(world.admin.api().get(world.path("/contacts/imports/" + theirs + "/errors")), 404, "not_found");

        assertThat(count(world)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_import WHERE account_id = ?").param(world.id()).query(Long.class)
                .single()).isZero();
        assertThat(importFiles()).as("refused files are not kept").isEqualTo(files);
    }

    @Test
    void anUploadOverTheImportLimitIsRefusedAndAnythingElseKeepsItsLimit() {
        Fixtures.World world = fixtures.world();
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        // 2 MiB is fine for an import (64 MiB), but not for a preview, which only ever gets a file's head.
        Api.Response preview = new Multipart().file("import_file", "c.csv", "text/csv", big)
                .post(world.admin.api(), world.path("/contacts/import/preview"));
        assertProblem(preview, 413, "payload_too_large");
    }

    // ---- helpers

    private long orphanedJob(Fixtures.World world, String csv, long processed, Instant leaseUntil) throws Exception {
        String key = "orphan" + System.nanoTime();
        Files.createDirectories(imports.file(key).getParent());
        Files.writeString(imports.file(key), csv);
        String mapping = ImportMapping.of(',', List.of(csv.substring(0, csv.indexOf('\n')).split(",")), null, java.util.Set.of())
                .json();
        long total = csv.lines().count() - 1;
        jdbc.sql("""
                INSERT INTO contact_import (account_id, user_id, status, file_name, storage_key, mapping, total_records,
                    processed_records, attempts, lease_owner, lease_until, created_at, started_at, updated_at)
                VALUES (?, ?, 'processing', 'orphan.csv', ?, ?, ?, ?, 1, 'node-that-died', ?, ?, ?, ?)""")
                .params(world.id(), world.admin.id(), key, mapping, total, processed, leaseUntil.atOffset(ZoneOffset.UTC),
                        Instant.now().atOffset(ZoneOffset.UTC), Instant.now().atOffset(ZoneOffset.UTC),
                        Instant.now().atOffset(ZoneOffset.UTC))
                .update();
        return jdbc.sql("SELECT id FROM contact_import WHERE storage_key = ?").param(key).query(Long.class).single();
    }

    private long importFiles() throws Exception {
        Path dir = imports.file("x").getParent();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var listing = Files.list(dir)) {
            return listing.count();
        }
    }

    static void definePlan(Fixtures.World world) {
        Api.Response defined = world.admin.api().post(world.path("/custom_attribute_definitions"), Map.of(
                "attribute_display_name", "Plan", "attribute_key", "plan", "attribute_model", 1,
                "attribute_display_type", 6, "attribute_values", List.of("gold", "silver")));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(200);
    }

    static long createContact(Fixtures.World world, Map<String, Object> body) {
        Api.Response created = world.admin.api().post(world.path("/contacts"), body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().path("payload").path("contact").path("id").asLong();
    }

    private static List<JsonNode> search(Fixtures.World world, String q) {
        return world.admin.api().get(world.path("/contacts?q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .json().path("payload").valueStream().toList();
    }

    private static JsonNode only(Fixtures.World world, String q) {
        List<JsonNode> found = search(world, q);
        assertThat(found).as(q).hasSize(1);
        return found.getFirst();
    }

    private static List<String> labels(Fixtures.World world, long contactId) {
        return world.admin.api().get(world.path("/contacts/" + contactId + "/labels")).json().path("payload")
                .valueStream().map(JsonNode::asString).toList();
    }

    private long count(Fixtures.World world) {
        return jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ?").param(world.id()).query(Long.class).single();
    }

    /** Every stored part of the account's contacts, to compare before and after. */
    private Map<String, Object> snapshot(Fixtures.World world) {
        return Map.of(
                "contacts", jdbc.sql("""
                        SELECT id, name, email, phone_number, identifier, custom_attributes, updated_at FROM contact
                        WHERE account_id = ? ORDER BY id""").param(world.id()).query().listOfRows().toString(),
                "attributes", jdbc.sql("""
                        SELECT contact_id, attribute_key, value_text FROM contact_attribute_value WHERE account_id = ?
                        ORDER BY contact_id, attribute_key""").param(world.id()).query().listOfRows().toString(),
                "labels", jdbc.sql("SELECT contact_id, label FROM contact_label WHERE account_id = ? ORDER BY contact_id, label")
                        .param(world.id()).query().listOfRows().toString());
    }
}
