package dev.baton.channel;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@code hmac_mandatory} applies to every visitor, also to one who was created before it was switched on (issue 10):
 * such a visitor is refused on every public endpoint and on the socket, and starts over with a verified identifier.
 */
class MandatoryVerificationIntegrationTests extends IntegrationTest {

    @Test
    void aVisitorCreatedBeforeVerificationWasRequiredIsRefusedEverywhereAfterwards() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor early = world.visitor("Early");
        long conversation = world.conversationFrom(early, "hello before");
        String inbox = "/public/api/v1/inboxes/" + world.inbox.identifier();

        assertThat(world.admin.api().patch(world.path("/inboxes/" + world.inbox.id()), Map.of("hmac_mandatory", true))
                .status()).isEqualTo(200);

        String c = early.path() + "/conversations/" + conversation;
        for (Api.Response refused : new Api.Response[] {
                early.api().get(early.path()),
                early.api().patch(early.path(), Map.of("name", "Still me")),
                early.api().get(early.path() + "/conversations"),
                early.api().post(early.path() + "/conversations", Map.of()),
                early.api().get(c + "/messages"),
                early.api().post(c + "/messages", Map.of("content", "after")),
                early.api().post(c + "/handoff", Map.of()),
                early.api().post(c + "/toggle_typing", Map.of("typing_status", "on"))}) {
            assertProblem(refused, 401, "identity_verification_failed");
        }
        assertThat(world.admin.api().get(world.path("/conversations/" + conversation + "/messages")).body()).doesNotContain("after");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SocketClient.visitor(port, early.pubsubToken())))
                .as("the socket handshake is refused").isNotNull();

        // A verified visitor is welcome.
        String secret = world.admin.api().get(world.path("/inboxes/" + world.inbox.id())).json().path("hmac_token").asString();
        Api.Response verified = anonymous.post(inbox + "/contacts", Map.of("identifier", "user-1", "identifier_hash", hmac(secret, "user-1")));
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        String path = inbox + "/contacts/" + verified.json().path("source_id").asString();
        assertThat(anonymous.post(path + "/conversations", Map.of()).status()).isEqualTo(200);
        try (SocketClient socket = SocketClient.visitor(port, verified.json().path("pubsub_token").asString())) {
            assertThat(socket.await("welcome", java.time.Duration.ofSeconds(5))).isNotNull();
        }
    }

    private static String hmac(String secret, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
