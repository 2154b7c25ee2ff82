package dev.baton.contact;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Merging contacts: by hand (Chatwoot's contact_merge), and when anonymous visitors identify as a known person
 * (docs/adr/0022-identified-visitors.md), alone or at the same moment.
 */
class ContactMergeIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aManualMergeMovesConversationsIdentitiesLabelsNotesAndAttributes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Anonymous");
        long conversation = world.conversationFrom(visitor, "hello from the website");
        long base = ContactImportIntegrationTests.createContact(world, Map.of("name", "Ada Keller", "email", "ada@x.example",
                "custom_attributes", Map.of("plan", "gold")));
        world.admin.api().patch(world.path("/contacts/" + visitor.contactId()), Map.of("phone_number", "+41 44 123 45 67",
                "custom_attributes", Map.of("plan", "silver", "city", "Bern")));
        world.admin.api().post(world.path("/contacts/" + base + "/labels"), Map.of("labels", List.of("vip")));
        world.admin.api().post(world.path("/contacts/" + visitor.contactId() + "/labels"), Map.of("labels", List.of("web")));
        world.admin.api().post(world.path("/contacts/" + visitor.contactId() + "/notes"), Map.of("content", "asked about returns"));
        Fixtures.Person agent = world.agent("Agnes");

        Api.Response merged = agent.api().post(world.path("/actions/contact_merge"),
                Map.of("base_contact_id", base, "mergee_contact_id", visitor.contactId()));

        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        JsonNode contact = merged.json();
        assertThat(contact.path("id").asLong()).isEqualTo(base);
        assertThat(contact.path("name").asString()).isEqualTo("Ada Keller");
        assertThat(contact.path("phone_number").asString()).isEqualTo("+41 44 123 45 67");
        assertThat(contact.path("custom_attributes").path("plan").asString()).as("the base's value wins").isEqualTo("gold");
        assertThat(contact.path("custom_attributes").path("city").asString()).isEqualTo("Bern");
        assertProblem(world.admin.api().get(world.path("/contacts/" + visitor.contactId())), 404, "not_found");
        assertThat(conversationIds(world, base)).containsExactly(conversation);
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + conversation)).json();
        assertThat(shown.path("meta").path("sender").path("id").asLong()).isEqualTo(base);
        JsonNode messages = world.admin.api().get(world.path("/conversations/" + conversation + "/messages")).json();
        assertThat(messages.path("payload").get(0).path("sender").path("name").asString()).isEqualTo("Ada Keller");
        assertThat(world.admin.api().get(world.path("/contacts/" + base + "/labels")).json().path("payload").toString())
                .isEqualTo("[\"vip\",\"web\"]");
        assertThat(world.admin.api().get(world.path("/contacts/" + base + "/notes")).json().get(0).path("content").asString())
                .isEqualTo("asked about returns");
        // The visitor's session goes on: it now belongs to the merged contact.
        assertThat(visitor.api().get(visitor.path()).json().path("id").asLong()).isEqualTo(base);
        assertThat(visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages",
                Map.of("content", "still here")).status()).isEqualTo(200);
    }

    @Test
    void twoAnonymousSessionsThatIdentifyAsTheSamePersonBecomeOneContactWithBothConversations() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        Fixtures.Visitor laptop = world.visitor(null);
        Fixtures.Visitor phone = world.visitor(null);
        long fromLaptop = world.conversationFrom(laptop, "asked on the laptop");
        long fromPhone = world.conversationFrom(phone, "asked on the phone");
        assertThat(laptop.contactId()).isNotEqualTo(phone.contactId());

        Api.Response first = laptop.api().patch(laptop.path(), Map.of("identifier", "user-42",
                "identifier_hash", hmac(secret, "user-42"), "name", "Julia", "email", "julia@x.example"));
        Api.Response second = phone.api().patch(phone.path(), Map.of("identifier", "user-42",
                "identifier_hash", hmac(secret, "user-42")));

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        long julia = first.json().path("id").asLong();
        assertThat(second.json().path("id").asLong()).isEqualTo(julia);
        assertThat(second.json().path("hmac_verified").asBoolean()).isTrue();
        assertThat(conversationIds(world, julia)).containsExactlyInAnyOrder(fromLaptop, fromPhone);
        assertThat(contactCount(world)).isEqualTo(1);
        JsonNode contact = world.admin.api().get(world.path("/contacts/" + julia)).json().path("payload");
        assertThat(contact.path("identifier").asString()).isEqualTo("user-42");
        assertThat(contact.path("email").asString()).isEqualTo("julia@x.example");
        assertThat(contact.path("contact_inboxes").size()).isEqualTo(2);
        // Each session still sees only its own conversation.
        assertThat(ids(phone.api().get(phone.path() + "/conversations"))).containsExactly(fromPhone);
    }

    @Test
    void aVisitorWhoseSiteVouchesForTheirEmailJoinsTheImportedContact() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        long imported = ContactImportIntegrationTests.createContact(world, Map.of("name", "Known Customer",
                "email", "known@x.example", "custom_attributes", Map.of("plan", "gold")));
        Fixtures.Visitor visitor = world.visitor(null);
        long conversation = world.conversationFrom(visitor, "hi");

        // An e-mail nobody vouched for never joins the known contact ...
        Api.Response claimed = visitor.api().patch(visitor.path(), Map.of("email", "known@x.example"));
        assertThat(claimed.json().path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(claimed.json().path("email").isNull()).isTrue();
        // ... an e-mail with its identifier_hash does.
        Api.Response vouched = visitor.api().patch(visitor.path(), Map.of("email", "Known@X.example",
                "identifier_hash", hmac(secret, "known@x.example")));

        assertThat(vouched.status()).as(vouched.toString()).isEqualTo(200);
        assertThat(vouched.json().path("id").asLong()).isEqualTo(imported);
        assertThat(conversationIds(world, imported)).containsExactly(conversation);
        assertThat(world.admin.api().get(world.path("/contacts/" + imported)).json().path("payload")
                .path("name").asString()).isEqualTo("Known Customer");
    }

    @Test
    void twoSessionsIdentifyingAtTheSameMomentEndUpAsOneContact() throws Exception {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        int sessions = 4;
        List<Fixtures.Visitor> visitors = new ArrayList<>();
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Fixtures.Visitor v = world.visitor(null);
            visitors.add(v);
            conversations.add(world.conversationFrom(v, "session " + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(sessions)) {
            for (Fixtures.Visitor v : visitors) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return v.api().patch(v.path(), Map.of("identifier", "user-7", "identifier_hash", hmac(secret, "user-7")));
                }));
            }
            start.countDown();
            List<Api.Response> answers = new ArrayList<>();
            for (Future<Api.Response> f : futures) {
                answers.add(f.get());
            }
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
            long id = answers.getFirst().json().path("id").asLong();
            assertThat(answers).extracting(r -> r.json().path("id").asLong()).containsOnly(id);
            assertThat(contactCount(world)).isEqualTo(1);
            assertThat(conversationIds(world, id)).containsExactlyInAnyOrderElementsOf(conversations);
        }
    }

    @Test
    void refusesBadMergesAndChangesNothing() {
        Fixtures.World world = fixtures.world();
        long a = ContactImportIntegrationTests.createContact(world, Map.of("name", "A", "email", "a@x.example"));
        long b = ContactImportIntegrationTests.createContact(world, Map.of("name", "B", "email", "b@x.example"));
        Fixtures.World other = fixtures.world();
        long foreign = ContactImportIntegrationTests.createContact(other, Map.of("name", "F"));
        String path = world.path("/actions/contact_merge");
        Api api = world.admin.api();

        assertFieldProblem(api.post(path, Map.of("base_contact_id", a, "mergee_contact_id", a)), 422, "validation_failed",
                "mergee_contact_id", "same");
        assertFieldProblem(api.post(path, Map.of("base_contact_id", a)), 422, "validation_failed", "mergee_contact_id", "required");
        assertFieldProblem(api.post(path, Map.of("mergee_contact_id", a)), 422, "validation_failed", "base_contact_id", "required");
        assertProblem(api.post(path, Map.of("base_contact_id", a, "mergee_contact_id", foreign)), 404, "not_found");
        assertProblem(api.post(path, Map.of("base_contact_id", foreign, "mergee_contact_id", a)), 404, "not_found");
        assertProblem(api.post(path, Map.of("base_contact_id", "x", "mergee_contact_id", a)), 400, "invalid_type");
        assertProblem(api.raw("POST", path, "{", "application/json"), 400, "malformed_json");

        assertThat(contactCount(world)).isEqualTo(2);
        assertThat(other.admin.api().get(other.path("/contacts/" + foreign)).status()).isEqualTo(200);
        assertThat(api.get(world.path("/contacts/" + b)).json().path("payload").path("email").asString())
                .isEqualTo("b@x.example");
    }

    @Test
    void aVisitorAlreadyIdentifiedAsSomeoneElseStaysWhoTheyAre() {
        Fixtures.World world = fixtures.world();
        String secret = hmacToken(world);
        Fixtures.Visitor visitor = world.visitor(null);
        visitor.api().patch(visitor.path(), Map.of("identifier", "user-1", "identifier_hash", hmac(secret, "user-1")));

        assertProblem(visitor.api().patch(visitor.path(), Map.of("identifier", "user-2", "identifier_hash", hmac(secret, "user-2"))),
                409, "identifier_taken");
        assertProblem(visitor.api().patch(visitor.path(), Map.of("identifier", "user-2", "identifier_hash", "forged")),
                401, "identity_verification_failed");
        assertThat(visitor.api().get(visitor.path()).json().path("id").asLong()).isEqualTo(visitor.contactId());
        assertThat(world.admin.api().get(world.path("/contacts/" + visitor.contactId())).json().path("payload")
                .path("identifier").asString()).isEqualTo("user-1");
    }

    // ---- helpers

    private long contactCount(Fixtures.World world) {
        return jdbc.sql("SELECT COUNT(*) FROM contact WHERE account_id = ?").param(world.id()).query(Long.class).single();
    }

    private static List<Long> conversationIds(Fixtures.World world, long contactId) {
        return world.admin.api().get(world.path("/contacts/" + contactId + "/conversations")).json().path("payload")
                .valueStream().map(c -> c.path("id").asLong()).toList();
    }

    private static List<Long> ids(Api.Response response) {
        return response.json().valueStream().map(c -> c.path("id").asLong()).toList();
    }

    static String hmacToken(Fixtures.World world) {
        return world.admin.api().get(world.path("/inboxes/" + world.inbox.id())).json().path("hmac_token").asString();
    }

    static String hmac(String secret, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
