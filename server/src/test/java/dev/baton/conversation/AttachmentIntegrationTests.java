package dev.baton.conversation;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.shared.BatonProperties;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Images on messages: multipart uploads by agents and visitors, their checks, and serving them back. */
class AttachmentIntegrationTests extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final byte[] PNG = image(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 200);
    static final byte[] JPEG = image(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}, 300);
    static final byte[] GIF = image("GIF89a".getBytes(StandardCharsets.US_ASCII), 100);
    static final byte[] WEBP = image("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), 100);

    @Autowired
    BatonProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void agentSendsImagesDetectedByTheirBytesAndBothSidesSeeAndFetchThem() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = world.conversationFrom(visitor, "hello");
        byte[] big = image(PNG, 3 * 1024 * 1024); // above the 1 MiB cap of other requests

        Multipart body = new Multipart().field("content", "Grüße, look 👋")
                .file("attachments[]", "a.png", "text/plain", big) // the client's content type is ignored
                .file("attachments[]", "b.jpg", "application/octet-stream", JPEG);
        Api.Response posted = body.post(world.admin.api(), world.path("/conversations/" + id + "/messages"));

        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        JsonNode message = posted.json();
        assertThat(message.path("content").asString()).isEqualTo("Grüße, look 👋");
        JsonNode attachments = message.path("attachments");
        assertThat(attachments.size()).isEqualTo(2);
        assertThat(attachments.get(0).path("file_type").asString()).isEqualTo("image");
        assertThat(attachments.get(0).path("content_type").asString()).isEqualTo("image/png");
        assertThat(attachments.get(0).path("file_size").asLong()).isEqualTo(big.length);
        assertThat(attachments.get(0).path("message_id").asLong()).isEqualTo(message.path("id").asLong());
        assertThat(attachments.get(1).path("content_type").asString()).isEqualTo("image/jpeg");
        String agentUrl = attachments.get(0).path("data_url").asString();
        assertThat(agentUrl).isEqualTo("/api/v1/accounts/" + world.id() + "/attachments/" + attachments.get(0).path("id").asLong());
        assertThat(attachments.get(0).path("thumb_url").asString()).isEqualTo(agentUrl);

        HttpResponse<byte[]> served = fetch(agentUrl, world.admin.token());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(big);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.headers().firstValue("Content-Disposition")).hasValue("inline");

        JsonNode listed = world.admin.api().get(world.path("/conversations/" + id + "/messages")).json().path("payload");
        assertThat(listed.get(listed.size() - 1).path("attachments").size()).isEqualTo(2);
        assertThat(listed.get(0).path("attachments").isArray()).isTrue();
        assertThat(listed.get(0).path("attachments").size()).isZero();

        JsonNode seen = visitor.api().get(visitor.path() + "/conversations/" + id + "/messages").json();
        JsonNode publicFiles = seen.get(seen.size() - 1).path("attachments");
        assertThat(publicFiles.size()).isEqualTo(2);
        String publicUrl = publicFiles.get(1).path("data_url").asString();
        assertThat(publicUrl).startsWith("/public/attachments/");
        HttpResponse<byte[]> anonymous = fetch(publicUrl, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo(JPEG);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(anonymous.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(anonymous.headers().firstValue("Content-Disposition")).hasValue("inline");
    }

    @Test
    void visitorSendsAMessageOfImagesOnly() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = world.conversationFrom(visitor, "hello");

        Api.Response posted = new Multipart().field("echo_id", "e-1").file("attachments[]", "x.gif", "image/gif", GIF)
                .file("attachments[]", "y.webp", "image/webp", WEBP)
                .post(visitor.api(), visitor.path() + "/conversations/" + id + "/messages");

        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        assertThat(posted.json().path("content").isNull()).isTrue();
        assertThat(posted.json().path("message_type").asInt()).isZero();
        assertThat(posted.json().path("attachments").valueStream().map(a -> a.path("content_type").asString()))
                .containsExactly("image/gif", "image/webp");
        assertThat(posted.json().path("attachments").get(0).path("data_url").asString()).startsWith("/public/attachments/");

        // a retry with the same echo_id returns the first message and stores nothing more
        int stored = uploads();
        Api.Response retried = new Multipart().field("echo_id", "e-1").file("attachments[]", "x.gif", "image/gif", GIF)
                .post(visitor.api(), visitor.path() + "/conversations/" + id + "/messages");
        assertThat(retried.json().path("id").asLong()).isEqualTo(posted.json().path("id").asLong());
        assertThat(uploads()).isEqualTo(stored);

        JsonNode listed = world.admin.api().get(world.path("/conversations/" + id + "/messages")).json().path("payload");
        JsonNode last = listed.get(listed.size() - 1);
        assertThat(last.path("attachments").size()).isEqualTo(2);
        HttpResponse<byte[]> served = fetch(last.path("attachments").get(1).path("data_url").asString(), world.admin.token());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(WEBP);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/webp");
    }

    @Test
    void refusesOtherFilesTooLargeOnesAndTooManyWithoutWritingAnything() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = world.conversationFrom(visitor, "hello");
        String path = world.path("/conversations/" + id + "/messages");
        int messages = world.admin.api().get(path).json().path("payload").size();
        int files = uploads();

        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        assertFieldProblem(new Multipart().field("content", "see").file("attachments[]", "x.png", "image/png", html)
                .post(world.admin.api(), path), 422, "unsupported_file_type", "attachments", "unsupported_file_type");
        assertProblem(new Multipart().field("content", "see").file("attachments[]", "ok.png", "image/png", PNG)
                .file("attachments[]", "x.svg", "image/svg+xml", "<svg/>".getBytes(StandardCharsets.UTF_8))
                .post(world.admin.api(), path), 422, "unsupported_file_type");
        assertProblem(new Multipart().field("content", "big").file("attachments[]", "ok.png", "image/png", PNG)
                .file("attachments[]", "big.png", "image/png", image(PNG, 5 * 1024 * 1024 + 1))
                .post(world.admin.api(), path), 413, "payload_too_large");
        Multipart six = new Multipart().field("content", "many");
        for (int i = 0; i < 6; i++) {
            six.file("attachments[]", i + ".png", "image/png", PNG);
        }
        assertFieldProblem(six.post(world.admin.api(), path), 422, "validation_failed", "attachments", "length");
        assertProblem(new Multipart().field("content", " ").post(world.admin.api(), path), 422, "message_empty");
        assertProblem(new Multipart().field("content", "y".repeat(1001)).file("attachments[]", "ok.png", "image/png", PNG)
                .post(world.admin.api(), path), 422, "message_too_long");
        assertProblem(new Multipart().field("content", "nul\u0000").file("attachments[]", "ok.png", "image/png", PNG)
                .post(world.admin.api(), path), 400, "invalid_characters");
        assertProblem(new Multipart().file("attachments[]", "x.txt", "text/plain", html)
                .post(visitor.api(), visitor.path() + "/conversations/" + id + "/messages"), 422, "unsupported_file_type");
        // a JSON body stays limited to 1 MiB, and so does a multipart body anywhere else
        assertProblem(world.admin.api().post(path, Map.of("content", "z".repeat(1_100_000))), 413, "payload_too_large");
        assertProblem(new Multipart().field("short_code", "big").file("attachments[]", "big.png", "image/png", image(PNG, 2 * 1024 * 1024))
                .post(world.admin.api(), world.path("/canned_responses")), 413, "payload_too_large");

        assertThat(world.admin.api().get(path).json().path("payload").size()).isEqualTo(messages);
        assertThat(uploads()).isEqualTo(files);
    }

    @Test
    void anotherAccountsOrInboxsAttachmentIsNotFoundAndNotesStayPrivate() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = world.conversationFrom(visitor, "hello");
        JsonNode note = new Multipart().field("private", "true").file("attachments[]", "n.png", "image/png", PNG)
                .post(world.admin.api(), world.path("/conversations/" + id + "/messages")).json();
        assertThat(note.path("private").asBoolean()).isTrue();
        String url = note.path("attachments").get(0).path("data_url").asString();
        long attachmentId = note.path("attachments").get(0).path("id").asLong();

        assertThat(fetch(url, other.admin.token()).statusCode()).isEqualTo(404);
        assertThat(fetch(other.path("/attachments/" + attachmentId), other.admin.token()).statusCode()).isEqualTo(404);
        assertThat(fetch(url, outsider.token()).statusCode()).isEqualTo(404);
        assertThat(fetch(url, null).statusCode()).isEqualTo(401);
        String token = jdbc.sql("SELECT access_token FROM attachment WHERE id = ?").param(attachmentId).query(String.class).single();
        assertThat(fetch("/public/attachments/" + token, null).statusCode()).isEqualTo(404); // a note's image is not public
        assertThat(fetch("/public/attachments/" + UUID.randomUUID(), null).statusCode()).isEqualTo(404);
        JsonNode seen = visitor.api().get(visitor.path() + "/conversations/" + id + "/messages").json();
        assertThat(seen.valueStream().noneMatch(m -> m.path("id").asLong() == note.path("id").asLong())).isTrue();

        // posting into another account's conversation is not found, and stores nothing
        int files = uploads();
        assertProblem(new Multipart().field("content", "hi").file("attachments[]", "ok.png", "image/png", PNG)
                .post(other.admin.api(), other.path("/conversations/" + id + "/messages")), 404, "not_found");
        assertProblem(new Multipart().field("content", "hi").file("attachments[]", "ok.png", "image/png", PNG)
                .post(outsider.api(), world.path("/conversations/" + id + "/messages")), 404, "not_found");
        Fixtures.Visitor stranger = world.visitor("Eve");
        assertProblem(new Multipart().file("attachments[]", "ok.png", "image/png", PNG)
                .post(stranger.api(), stranger.path() + "/conversations/" + id + "/messages"), 404, "not_found");
        assertThat(uploads()).isEqualTo(files);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attachment WHERE conversation_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
    }

    private HttpResponse<byte[]> fetch(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("api_access_token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private int uploads() {
        Path dir = properties.dataDir().resolve("uploads");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] image(byte[] magic, int size) {
        byte[] bytes = Arrays.copyOf(magic, Math.max(size, magic.length));
        for (int i = magic.length; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
