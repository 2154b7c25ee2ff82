package dev.baton.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Identity verification on the public API: {@code identifier_hash} is the hex HMAC-SHA256 of the site
 * user's identifier keyed with the inbox's {@code hmac_token}. Only a verified identifier joins an existing
 * contact; a wrong hash is refused; an inbox may make verification mandatory.
 */
class IdentityVerificationIntegrationTests extends IntegrationTest {

    @Test
    void visitorsWithTheSameVerifiedIdentifierShareOneContactButNotTheirConversations() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        Map<String, Object> identity = Map.of("identifier", "user-42", "identifier_hash", hmac(secret, "user-42"),
                "name", "Julia");

        Api.Response laptop = createContact(world, identity);
        Api.Response phone = createContact(world, Map.of("identifier", "user-42",
                "identifier_hash", hmac(secret, "user-42").toUpperCase(), "email", "julia@visitor.example"));

        assertThat(laptop.status()).as(laptop.toString()).isEqualTo(200);
        assertThat(phone.status()).as(phone.toString()).isEqualTo(200);
        assertThat(laptop.json().path("hmac_verified").asBoolean()).isTrue();
        assertThat(phone.json().path("hmac_verified").asBoolean()).isTrue();
        assertThat(phone.json().path("id").asLong()).isEqualTo(laptop.json().path("id").asLong());
        assertThat(phone.json().path("source_id").asString()).isNotEqualTo(laptop.json().path("source_id").asString());
        assertThat(phone.json().path("pubsub_token").asString()).isNotEqualTo(laptop.json().path("pubsub_token").asString());
        assertThat(phone.json().path("name").asString()).isEqualTo("Julia");

        String laptopPath = contacts(world) + "/" + laptop.json().path("source_id").asString();
        String phonePath = contacts(world) + "/" + phone.json().path("source_id").asString();
        long fromLaptop = anonymous.post(laptopPath + "/conversations", Map.of()).json().path("id").asLong();
        long fromPhone = anonymous.post(phonePath + "/conversations", Map.of()).json().path("id").asLong();

        assertThat(ids(anonymous.get(laptopPath + "/conversations"))).containsExactly(fromLaptop);
        assertThat(ids(anonymous.get(phonePath + "/conversations"))).containsExactly(fromPhone);
        assertThat(anonymous.get(phonePath + "/conversations/" + fromLaptop).status()).isEqualTo(404);

        JsonNode contact = world.admin.api().get(world.path("/contacts/" + laptop.json().path("id").asLong())).json();
        assertThat(contact.toString()).contains("user-42").contains("julia@visitor.example");

        // Agents see that the conversation's visitor was verified.
        JsonNode agentView = world.admin.api().get(world.path("/conversations/" + fromLaptop)).json();
        assertThat(agentView.path("meta").path("hmac_verified").asBoolean()).isTrue();
        long anonymousConversation = world.conversationFrom(world.visitor("Anon"), "hi");
        assertThat(world.admin.api().get(world.path("/conversations/" + anonymousConversation)).json()
                .path("meta").path("hmac_verified").asBoolean()).isFalse();
    }

    @Test
    void concurrentVisitorsWithTheSameVerifiedIdentifierShareOneContact() throws Exception {
        Fixtures.World world = fixtures.world();
        Map<String, Object> identity = Map.of("identifier", "user-7", "identifier_hash", hmac(hmacToken(world), "user-7"));

        int parallel = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < parallel; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return createContact(world, identity);
                }));
            }
            start.countDown();
            for (Future<Api.Response> f : futures) {
                responses.add(f.get());
            }
        }
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(responses).extracting(r -> r.json().path("id").asLong()).containsOnly(responses.getFirst().json().path("id").asLong());
        assertThat(responses).extracting(r -> r.json().path("source_id").asString()).doesNotHaveDuplicates();
    }

    @Test
    void aWrongIdentifierHashIsRefusedAndCreatesNoContact() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        long before = contactCount(world);

        for (String hash : List.of(hmac(secret, "user-43"), hmac("another-secret", "user-42"), "not-hex", "")) {
            Api.Response refused = createContact(world, Map.of("identifier", "user-42", "identifier_hash", hash,
                    "name", "Mallory"));
            assertThat(refused.status()).as(hash).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("identity_verification_failed");
        }
        assertThat(contactCount(world)).isEqualTo(before);
    }

    @Test
    void aMandatoryVerificationInboxRefusesUnverifiedVisitors() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        Api.Response patched = world.admin.api().patch(world.path("/inboxes/" + world.inbox.id()), Map.of("hmac_mandatory", true));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("hmac_mandatory").asBoolean()).isTrue();
        assertThat(anonymous.get("/public/api/v1/inboxes/" + world.inbox.identifier()).json().path("hmac_mandatory").asBoolean())
                .isTrue();
        long before = contactCount(world);

        Api.Response anonymousVisitor = anonymous.post(contacts(world), null);
        assertThat(anonymousVisitor.status()).isEqualTo(401);
        assertThat(anonymousVisitor.code()).isEqualTo("identity_verification_failed");
        Api.Response named = createContact(world, Map.of("name", "Nobody"));
        assertThat(named.status()).isEqualTo(401);
        assertThat(createContact(world, Map.of("identifier", "user-1")).status()).isEqualTo(401);
        assertThat(createContact(world, Map.of("identifier_hash", hmac(secret, "user-1"))).status()).isEqualTo(401);
        assertThat(contactCount(world)).isEqualTo(before);

        Api.Response verified = createContact(world, Map.of("identifier", "user-1", "identifier_hash", hmac(secret, "user-1")));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().path("hmac_verified").asBoolean()).isTrue();
    }

    @Test
    void anUnverifiedIdentifierNeverAttachesToAnExistingContact() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        Api.Response owner = createContact(world, Map.of("identifier", "user-9", "identifier_hash", hmac(secret, "user-9"),
                "name", "Owner", "email", "owner@visitor.example"));
        long ownerId = owner.json().path("id").asLong();

        Api.Response impostor = createContact(world, Map.of("identifier", "user-9", "name", "Impostor",
                "email", "owner@visitor.example"));
        assertThat(impostor.status()).as(impostor.toString()).isEqualTo(200);
        assertThat(impostor.json().path("id").asLong()).isNotEqualTo(ownerId);
        assertThat(impostor.json().path("hmac_verified").asBoolean()).isFalse();
        assertThat(impostor.json().path("email").isNull()).isTrue();

        String impostorPath = contacts(world) + "/" + impostor.json().path("source_id").asString();
        Api.Response claim = anonymous.patch(impostorPath, Map.of("identifier", "user-9"));
        assertThat(claim.status()).isEqualTo(401);
        assertThat(claim.code()).isEqualTo("identity_verification_failed");
        Api.Response forged = anonymous.patch(impostorPath, Map.of("identifier", "user-9", "identifier_hash", hmac("guess", "user-9")));
        assertThat(forged.status()).isEqualTo(401);

        JsonNode ownerNow = world.admin.api().get(world.path("/contacts/" + ownerId)).json();
        assertThat(ownerNow.toString()).contains("Owner").doesNotContain("Impostor");
        JsonNode impostorNow = world.admin.api().get(world.path("/contacts/" + impostor.json().path("id").asLong())).json();
        assertThat(impostorNow.toString()).doesNotContain("user-9");
    }

    // ---- helpers

    private Api.Response createContact(Fixtures.World world, Map<String, ?> body) {
        return new Api(port).post(contacts(world), body);
    }

    private static String contacts(Fixtures.World world) {
        return "/public/api/v1/inboxes/" + world.inbox.identifier() + "/contacts";
    }

    private static String hmacToken(Fixtures.World world) {
        String token = world.admin.api().get(world.path("/inboxes/" + world.inbox.id())).json().path("hmac_token").asString();
        assertThat(token).isNotBlank();
        return token;
    }

    private static long contactCount(Fixtures.World world) {
        JsonNode listed = world.admin.api().get(world.path("/contacts")).json();
        return listed.path("meta").path("count").asLong();
    }

    private static List<Long> ids(Api.Response response) {
        return response.json().valueStream().map(c -> c.path("id").asLong()).toList();
    }

    /** What the customer's backend computes: hex HMAC-SHA256 of the identifier. */
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
