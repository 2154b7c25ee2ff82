package dev.baton.account;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.Browser;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.LocalSmtp;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Users join accounts by invitation (issue 10, ADR 0021): another account's admin cannot take in or rename a user.
 * The invitation e-mail is read back from a real SMTP server on loopback (GreenMail).
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.public-url=https://chat.shop.example/",
                "baton.smtp.host=127.0.0.1",
                "baton.smtp.starttls=false",
                "baton.smtp.from=chat@shop.example",
                "baton.outbox.interval=200ms"
        })
class InvitationIntegrationTests extends IntegrationTest {

    private static final GreenMail SMTP = LocalSmtp.start();
    private static final Pattern LINK = Pattern.compile("https://chat\\.shop\\.example/app/invitations/([A-Za-z0-9_-]+)");

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("baton.smtp.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Test
    void addingAnotherAccountsUserInvitesThemAndShowsNothingOfTheirsUntilTheyAccept() {
        Fixtures.World first = fixtures.world();
        Fixtures.Person ada = first.agent("Ada");
        Fixtures.World second = fixtures.world();

        Api.Response added = second.admin.api().post(second.path("/agents"),
                Map.of("name", "Ada Second", "email", ada.email(), "role", "supervisor", "password", "attacker-chosen-1"));

        assertThat(added.status()).as(added.body()).isEqualTo(202);
        assertThat(added.json().path("status").asString()).isEqualTo("pending");
        assertThat(ids(second.admin.api().get(second.path("/agents")).json())).doesNotContain(ada.id());
        assertProblem(second.admin.api().get(second.path("/agents/" + ada.id())), 404, "not_found");
        assertProblem(second.admin.api().patch(second.path("/agents/" + ada.id()), Map.of("name", "Renamed")), 404, "not_found");
        assertThat(ada.api().get("/api/v1/profile").json().path("accounts").size()).isEqualTo(1);
        // The password in the request was not taken: Ada's own still works, the other does not.
        assertProblem(anonymous.post("/auth/sign_in", Map.of("email", ada.email(), "password", "attacker-chosen-1")),
                401, "invalid_credentials");
        JsonNode pending = second.admin.api().get(second.path("/invitations")).json().path("payload");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.get(0).path("email").asString()).isEqualTo(ada.email());

        String token = awaitInvitationLink(ada.email(), 1);
        JsonNode preview = anonymous.get("/auth/invitations/" + token).json();
        assertThat(preview.path("account_name").asString()).isEqualTo(second.account.name());
        assertThat(preview.path("sign_up").asBoolean()).isFalse();
        assertProblem(anonymous.post("/auth/invitations/" + token + "/accept", Map.of()), 401, "sign_in_required");
        assertProblem(anonymous.post("/auth/invitations/" + token + "/accept", Map.of("password", "wrong-password")),
                401, "invalid_credentials");

        Browser browser = new Browser(anonymous.base());
        Api.Response accepted = browser.keep(browser.api().post("/auth/invitations/" + token + "/accept",
                Map.of("password", ada.password())));

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(browser.api().get("/api/v1/profile").json().path("accounts").size()).isEqualTo(2);
        JsonNode member = second.admin.api().get(second.path("/agents/" + ada.id())).json();
        assertThat(member.path("role").asString()).isEqualTo("supervisor");
        assertThat(second.admin.api().get(second.path("/invitations")).json().path("payload").size()).isZero();
        assertProblem(anonymous.get("/auth/invitations/" + token), 404, "invitation_invalid");
    }

    @Test
    void theNamesVisitorsSeeArePerMembershipAndEditableOnlyInsideTheirAccount() {
        Fixtures.World first = fixtures.world();
        Fixtures.Person ada = first.agent("Ada");
        Fixtures.World second = fixtures.world();
        second.admin.api().post(second.path("/agents"), Map.of("name", "Ada", "email", ada.email()));
        String token = awaitInvitationLink(ada.email(), 1);
        assertThat(ada.api().post("/auth/invitations/" + token + "/accept", Map.of()).status()).isEqualTo(200);

        Api.Response renamed = second.admin.api().patch(second.path("/agents/" + ada.id()),
                Map.of("name", "Mallory's name", "display_name", "Support Bot", "avatar_url", "https://evil.example/a.png"));

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        JsonNode inSecond = second.admin.api().get(second.path("/agents/" + ada.id())).json();
        assertThat(inSecond.path("available_name").asString()).isEqualTo("Support Bot");
        JsonNode inFirst = first.admin.api().get(first.path("/agents/" + ada.id())).json();
        assertThat(inFirst.path("name").asString()).isEqualTo("Ada");
        assertThat(inFirst.path("available_name").asString()).isEqualTo("Ada");
        assertThat(inFirst.path("avatar_url").asString()).isEmpty();
        JsonNode profile = ada.api().get("/api/v1/profile").json();
        assertThat(profile.path("name").asString()).isEqualTo("Ada");
        assertThat(profile.path("display_name").isNull()).isTrue();

        // What the first account's visitors see when Ada answers there.
        long conversation = first.conversationFrom(first.visitor("Vic"), "hello");
        assertThat(ada.api().post(first.path("/conversations/" + conversation + "/assignments"), Map.of("assignee_id", ada.id()))
                .status()).isEqualTo(200);
        ada.api().post(first.path("/conversations/" + conversation + "/messages"), Map.of("content", "Hi, Ada here"));
        JsonNode publicMessages = anonymous.get("/public/api/v1/inboxes/" + first.inbox.identifier() + "/contacts/"
                + conversationSource(conversation) + "/conversations/" + conversation + "/messages").json();
        assertThat(publicMessages.toString()).contains("Ada").doesNotContain("Support Bot").doesNotContain("evil.example");
    }

    @Test
    void aNewPersonSignsUpFromTheLinkAndAnAdministratorResendsAndRevokes() {
        Fixtures.World world = fixtures.world();
        String email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        Api.Response invited = world.admin.api().post(world.path("/agents"), Map.of("name", "Nina", "email", email, "licensed", true));
        assertThat(invited.status()).as(invited.body()).isEqualTo(202);
        long invitationId = invited.json().path("id").asLong();
        String first = awaitInvitationLink(email, 1);
        assertThat(anonymous.get("/auth/invitations/" + first).json().path("sign_up").asBoolean()).isTrue();
        assertProblem(world.admin.api().post(world.path("/agents"), Map.of("name", "Nina", "email", email)), 409, "already_invited");

        Api.Response resent = world.admin.api().post(world.path("/invitations/" + invitationId + "/resend"), Map.of());
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        String second = awaitInvitationLink(email, 2);
        assertThat(second).isNotEqualTo(first);
        assertProblem(anonymous.get("/auth/invitations/" + first), 404, "invitation_invalid");
        assertFieldProblem(anonymous.post("/auth/invitations/" + second + "/accept", Map.of("name", "Nina")),
                422, "validation_failed", "password", "required");
        assertFieldProblem(anonymous.post("/auth/invitations/" + second + "/accept", Map.of("password", "short")),
                422, "validation_failed", "password", "length");

        Browser browser = new Browser(anonymous.base());
        Api.Response accepted = browser.keep(browser.api().post("/auth/invitations/" + second + "/accept",
                Map.of("name", "Nina N.", "password", "ninas-password-1")));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().path("data").path("name").asString()).isEqualTo("Nina N.");
        JsonNode nina = world.admin.api().get(world.path("/agents/" + accepted.json().path("data").path("id").asLong())).json();
        assertThat(nina.path("licensed").asBoolean()).isTrue();
        assertThat(Browser.signedIn(anonymous, email, "ninas-password-1").api().get("/api/v1/profile").status()).isEqualTo(200);

        // Revoked: the link is dead, nobody joins.
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        long revoked = world.admin.api().post(world.path("/agents"), Map.of("name", "Otto", "email", other)).json().path("id").asLong();
        String link = awaitInvitationLink(other, 1);
        assertThat(world.admin.api().delete(world.path("/invitations/" + revoked)).status()).isEqualTo(204);
        assertProblem(anonymous.post("/auth/invitations/" + link + "/accept", Map.of("password", "ottos-password-1")),
                404, "invitation_invalid");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app_user WHERE email = ?").param(other).query(Long.class).single()).isZero();
    }

    @Test
    void onlyTheAccountsAdministratorsSeeAndManageItsInvitations() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        Fixtures.Person agent = world.agent("Al");
        String email = "inv-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        long id = world.admin.api().post(world.path("/agents"), Map.of("name", "Ivy", "email", email)).json().path("id").asLong();
        assertProblem(agent.api().get(world.path("/invitations")), 403, "forbidden");
        assertProblem(other.admin.api().get(world.path("/invitations")), 404, "not_found");
        assertProblem(other.admin.api().delete(other.path("/invitations/" + id)), 404, "not_found");
        assertProblem(other.admin.api().post(other.path("/invitations/" + id + "/resend"), Map.of()), 404, "not_found");
        assertThat(world.admin.api().get(world.path("/invitations")).json().path("payload").size()).isEqualTo(1);
        assertProblem(anonymous.get("/auth/invitations/not-a-token"), 404, "invitation_invalid");
    }

    /** Two people holding the link (or one clicking twice) accept at once: one membership, the other a clear 404. */
    @Test
    void twoParallelAcceptancesMakeOneMembership() throws Exception {
        Fixtures.World world = fixtures.world();
        String email = "twice-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        world.admin.api().post(world.path("/agents"), Map.of("name", "Tess", "email", email));
        String token = awaitInvitationLink(email, 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return anonymous.post("/auth/invitations/" + token + "/accept", Map.of("password", "tess-password-1"));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                Api.Response r = answer.get();
                statuses.add(r.status());
                if (r.status() != 200) {
                    assertThat(r.code()).as(r.body()).isIn("invitation_invalid", "email_taken");
                }
            }
            assertThat(statuses).containsOnlyOnce(200);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM app_user WHERE email = ?").param(email).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = ?")
                .param(email).query(Long.class).single()).isEqualTo(1);
    }

    // ---- helpers

    private String conversationSource(long conversationId) {
        return jdbc.sql("SELECT ci.source_id FROM conversation c JOIN contact_inbox ci ON ci.id = c.contact_inbox_id WHERE c.id = ?")
                .param(conversationId).query(String.class).single();
    }

    private static List<Long> ids(JsonNode agents) {
        return agents.valueStream().map(a -> a.path("id").asLong()).toList();
    }

    /** The token of the {@code count}-th invitation mail to the address, waiting for the outbox to send it. */
    private static String awaitInvitationLink(String address, int count) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            List<MimeMessage> mails = LocalSmtp.mailsTo(SMTP, address);
            if (mails.size() >= count) {
                Matcher link = LINK.matcher(GreenMailUtil.getBody(mails.get(count - 1)).replace("=\r\n", "").replace("=3D", "="));
                assertThat(link.find()).as("a link in the mail").isTrue();
                return link.group(1);
            }
            assertThat(System.nanoTime()).as("invitation mail to " + address).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
