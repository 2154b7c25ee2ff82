package dev.baton.account;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Avatars uploaded as images: checked by content, made 256x256 on the server, served with long caching. */
class AvatarIntegrationTests extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;

    /** A {@code width}x{@code height} image: left half red, right half blue (so that the crop is visible). */
    static byte[] picture(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    private static Api.Response upload(Fixtures.Person p, String name, String type, byte[] bytes) {
        return new Multipart().file("avatar", name, type, bytes).post(p.api(), "/api/v1/profile/avatar");
    }

    private HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void anUploadedPictureBecomesA256PixelSquareServedWithLongCaching() throws Exception {
        Fixtures.World world = fixtures.world();
        Api.Response uploaded = upload(world.admin, "me.jpg", "image/jpeg", picture("jpg", 900, 600));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        String url = uploaded.json().path("avatar_url").asString();
        assertThat(url).startsWith("http://localhost:" + port + "/avatars/" + world.admin.id() + "/").endsWith(".png");
        assertThat(world.admin.api().get("/api/v1/profile").json().path("avatar_url").asString()).isEqualTo(url);
        // The agents list (and so the widget's agent) shows the same picture.
        assertThat(world.admin.api().get(world.path("/agents")).json().valueStream()
                .filter(a -> a.path("id").asLong() == world.admin.id()).findFirst().orElseThrow()
                .path("avatar_url").asString()).isEqualTo(url);

        HttpResponse<byte[]> served = fetch(url); // no credentials: visitors see agents' pictures
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Cache-Control").orElse("")).contains("max-age=31536000").contains("public")
                .contains("immutable");
        assertThat(served.headers().firstValue("ETag")).isPresent();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(served.body()));
        assertThat(image.getWidth()).isEqualTo(256);
        assertThat(image.getHeight()).isEqualTo(256);
        // The centre square of a 900x600 picture: red on the left, blue on the right.
        assertThat(new Color(image.getRGB(10, 128)).getRed()).isGreaterThan(200);
        assertThat(new Color(image.getRGB(245, 128)).getBlue()).isGreaterThan(200);

        // A new picture has a new URL; the old one is gone.
        Api.Response again = upload(world.admin, "me.png", "image/png", picture("png", 300, 300));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("avatar_url").asString()).isNotEqualTo(url);
        assertThat(fetch(url).statusCode()).isEqualTo(404);
        assertThat(fetch(again.json().path("avatar_url").asString()).statusCode()).isEqualTo(200);
    }

    @Test
    void aGifGivesItsFirstFrameAndTheFileNameDoesNotMatter() throws Exception {
        Fixtures.World world = fixtures.world();
        Api.Response uploaded = upload(world.admin, "holiday.txt", "application/octet-stream", picture("gif", 64, 128));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(fetch(uploaded.json().path("avatar_url").asString()).body()));
        assertThat(image.getWidth()).isEqualTo(256);
    }

    @Test
    void badFilesAreRefusedWithTheirCodesAndChangeNothing() throws Exception {
        Fixtures.World world = fixtures.world();
        Api.Response first = upload(world.admin, "me.png", "image/png", picture("png", 100, 100));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String url = first.json().path("avatar_url").asString();
        long rows = jdbc.sql("SELECT COUNT(*) FROM avatar").query(Long.class).single();

        // Named and typed as an image, but text.
        assertProblem(upload(world.admin, "me.png", "image/png", "not a picture".getBytes(StandardCharsets.UTF_8)),
                422, "avatar_not_an_image");
        // A PNG's signature, then rubbish.
        byte[] damaged = Arrays.copyOf(picture("png", 100, 100), 40);
        assertProblem(upload(world.admin, "me.png", "image/png", damaged), 422, "avatar_unreadable");
        // Larger than the attachment limit (5 MiB).
        byte[] huge = Arrays.copyOf(picture("png", 10, 10), 5 * 1024 * 1024 + 1);
        assertProblem(upload(world.admin, "me.png", "image/png", huge), 413, "payload_too_large");
        // No file at all.
        assertProblem(new Multipart().field("name", "x").post(world.admin.api(), "/api/v1/profile/avatar"), 400, "missing_parameter");

        assertThat(world.admin.api().get("/api/v1/profile").json().path("avatar_url").asString()).isEqualTo(url);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM avatar").query(Long.class).single()).isEqualTo(rows);
        assertThat(fetch(url).statusCode()).isEqualTo(200);
        // Without signing in, nothing can be uploaded.
        assertThat(new Multipart().file("avatar", "me.png", "image/png", picture("png", 10, 10))
                .post(new Api(port), "/api/v1/profile/avatar").status()).isIn(401, 403);
    }
}
