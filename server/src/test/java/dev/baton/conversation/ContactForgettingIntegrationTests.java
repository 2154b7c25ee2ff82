package dev.baton.conversation;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.shared.BatonProperties;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The right to be forgotten (deleting a contact removes their data, conversations, messages and uploaded
 * files, all or nothing) and the right of access (everything Baton holds about a contact as JSON).
 */
class ContactForgettingIntegrationTests extends IntegrationTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BatonProperties properties;

    @Test
    void theAccessExportHoldsEverythingAboutTheContact() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ada");
        long conversation = world.conversationFrom(visitor, "my order 4711 is late");
        image(visitor, conversation);
        world.admin.api().post(world.path("/conversations/" + conversation + "/messages"),
                Map.of("content", "internal: check warehouse", "private", true));
        world.admin.api().post(world.path("/contacts/" + visitor.contactId() + "/labels"), Map.of("labels", List.of("vip")));
        world.admin.api().post(world.path("/contacts/" + visitor.contactId() + "/notes"), Map.of("content", "called twice"));

        Api.Response export = world.admin.api().get(world.path("/contacts/" + visitor.contactId() + "/personal_data"));

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/json");
        assertThat(export.header("Content-Disposition")).contains("attachment");
        JsonNode data = export.json();
        assertThat(data.path("contact").path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(data.path("contact").path("name").asString()).isEqualTo("Ada");
        assertThat(data.path("labels").toString()).isEqualTo("[\"vip\"]");
        assertThat(data.path("contact_inboxes").get(0).path("source_id").asString()).isEqualTo(visitor.sourceId());
        assertThat(data.path("notes").get(0).path("content").asString()).isEqualTo("called twice");
        JsonNode conv = data.path("conversations").get(0);
        assertThat(conv.path("conversation").path("id").asLong()).isEqualTo(conversation);
        List<String> texts = conv.path("messages").valueStream().map(m -> m.path("content").asString("")).toList();
        assertThat(texts).contains("my order 4711 is late", "internal: check warehouse");
        assertThat(conv.path("messages").valueStream().anyMatch(m -> m.path("attachments").size() == 1)).isTrue();

        assertProblem(world.agent("Agnes").api().get(world.path("/contacts/" + visitor.contactId() + "/personal_data")),
                403, "forbidden");
        Fixtures.World other = fixtures.world();
        assertProblem(other.admin.api().get(other.path("/contacts/" + visitor.contactId() + "/personal_data")), 404, "not_found");
    }

    @Test
    void deletingAContactRemovesTheirConversationsMessagesAndFiles() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ada");
        long first = world.conversationFrom(visitor, "first");
        long second = world.conversationFrom(visitor, "second");
        Path file = image(visitor, first);
        Fixtures.Visitor bystander = world.visitor("Bob");
        long kept = world.conversationFrom(bystander, "unrelated");
        Path keptFile = image(bystander, kept);
        assertThat(file).exists();

        assertProblem(world.agent("Agnes").api().delete(world.path("/contacts/" + visitor.contactId())), 403, "forbidden");
        assertThat(file).exists();
        Api.Response deleted = world.admin.api().delete(world.path("/contacts/" + visitor.contactId()));

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(file).as("the upload is removed before the request answers").doesNotExist();
        assertThat(keptFile).exists();
        for (long id : List.of(first, second)) {
            assertProblem(world.admin.api().get(world.path("/conversations/" + id)), 404, "not_found");
            assertThat(rows("SELECT COUNT(*) FROM message WHERE conversation_id = ?", id)).isZero();
            assertThat(rows("SELECT COUNT(*) FROM attachment WHERE conversation_id = ?", id)).isZero();
            assertThat(rows("SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ?", id)).isZero();
        }
        assertThat(rows("SELECT COUNT(*) FROM contact_inbox WHERE contact_id = ?", visitor.contactId())).isZero();
        assertThat(rows("SELECT COUNT(*) FROM upload_removal WHERE storage_key = ?", file.getFileName().toString())).isZero();
        assertThat(visitor.api().get(visitor.path()).status()).isEqualTo(404);
        assertThat(world.admin.api().get(world.path("/conversations/" + kept)).status()).isEqualTo(200);
    }

    @Test
    void aDeletionThatFailsRemovesNothingNotEvenFiles() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ada");
        long conversation = world.conversationFrom(visitor, "hello");
        Path file = image(visitor, conversation);
        // A row that still points at the contact and that the deletion does not know makes the last statement fail.
        jdbc.sql("CREATE TABLE IF NOT EXISTS forgetting_blocker (contact_id BIGINT REFERENCES contact (id))").update();
        jdbc.sql("INSERT INTO forgetting_blocker (contact_id) VALUES (?)").param(visitor.contactId()).update();
        try {
            Api.Response refused = world.admin.api().delete(world.path("/contacts/" + visitor.contactId()));
            assertThat(refused.status()).isEqualTo(500);
        } finally {
            jdbc.sql("DELETE FROM forgetting_blocker WHERE contact_id = ?").param(visitor.contactId()).update();
        }

        assertThat(file).as("the transaction rolled back, so the file stays").exists();
        assertThat(world.admin.api().get(world.path("/conversations/" + conversation)).status()).isEqualTo(200);
        assertThat(rows("SELECT COUNT(*) FROM attachment WHERE conversation_id = ?", conversation)).isEqualTo(1);
        assertThat(rows("SELECT COUNT(*) FROM upload_removal WHERE storage_key = ?", file.getFileName().toString())).isZero();
        assertThat(world.admin.api().delete(world.path("/contacts/" + visitor.contactId())).status()).isEqualTo(200);
        assertThat(file).doesNotExist();
    }

    private Path image(Fixtures.Visitor visitor, long conversation) {
        Api.Response posted = new Multipart().field("content", "photo").file("attachments[]", "p.png", "image/png", PNG)
                .post(visitor.api(), visitor.path() + "/conversations/" + conversation + "/messages");
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        String key = jdbc.sql("SELECT storage_key FROM attachment WHERE conversation_id = ? ORDER BY id DESC LIMIT 1")
                .param(conversation).query(String.class).single();
        return properties.dataDir().resolve("uploads").resolve(key).toAbsolutePath();
    }

    private long rows(String sql, Object param) {
        return jdbc.sql(sql).param(param).query(Long.class).single();
    }
}
