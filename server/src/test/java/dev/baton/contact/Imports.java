package dev.baton.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.Multipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Uploading CSV files to the import endpoint and waiting for the background job, as the Contacts screen does. */
final class Imports {

    private Imports() {
    }

    static Api.Response upload(Fixtures.World world, String csv) {
        return upload(world, csv.getBytes(StandardCharsets.UTF_8), null);
    }

    static Api.Response upload(Fixtures.World world, byte[] csv, String mapping) {
        Multipart body = new Multipart().file("import_file", "contacts.csv", "text/csv", csv);
        if (mapping != null) {
            body.field("mapping", mapping);
        }
        return body.post(world.admin.api(), world.path("/contacts/import"));
    }

    /** Uploads and waits until the job is completed (or failed); returns the finished job. */
    static JsonNode run(Fixtures.World world, String csv) {
        Api.Response started = upload(world, csv);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return await(world, started.json().path("id").asLong());
    }

    static JsonNode await(Fixtures.World world, long id) {
        return await(world, id, Duration.ofSeconds(60));
    }

    static JsonNode await(Fixtures.World world, long id, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = world.admin.api().get(world.path("/contacts/imports/" + id)).json();
            String status = last[0].path("status").asString();
            return status.equals("completed") || status.equals("failed");
        });
        return last[0];
    }

    /** The error report as rows of cells (without the header). */
    static List<List<String>> errors(Fixtures.World world, long id) {
        Api.Response report = world.admin.api().get(world.path("/contacts/imports/" + id + "/errors"));
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.header("Content-Type")).startsWith("text/csv");
        List<List<String>> rows = new ArrayList<>();
        String body = report.body().replace("\uFEFF", "");
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new java.io.StringReader(body))) {
            parser.forEach(r -> rows.add(r.toList()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(rows.getFirst()).containsExactly("row", "column", "reason");
        return rows.subList(1, rows.size());
    }
}
