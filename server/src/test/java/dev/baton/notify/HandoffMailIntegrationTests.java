package dev.baton.notify;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.LocalSmtp;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Seed 001: a new handoff reaches the licensed members of its queue who want it by e-mail, in their language,
 * read back from a real SMTP server on loopback (GreenMail). Its own server, since SMTP settings are read at start.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "logging.level.dev.baton=INFO",
                "baton.public-url=https://chat.shop.example/",
                "baton.smtp.host=127.0.0.1",
                "baton.smtp.starttls=false",
                "baton.smtp.from=chat@shop.example",
                "baton.outbox.interval=200ms",
                // What goes to whom, in which words; the delay and the check at send time: HandoffMailDelayIntegrationTests.
                "baton.notify.handoff-mail-delay=0s"
        })
class HandoffMailIntegrationTests extends IntegrationTest {

    private static final GreenMail SMTP = LocalSmtp.start();

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("baton.smtp.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    /** A licensed agent, member of the world's inbox, with the given language (null: none of their own). */
    private Fixtures.Person agent(Fixtures.World world, String name, String locale, boolean licensed, boolean inInbox) {
        Fixtures.Person person = world.member(name, "agent", inInbox);
        if (licensed) {
            assertThat(world.admin.api().patch(world.path("/agents/" + person.id()), Map.of("licensed", true)).status()).isEqualTo(200);
        }
        if (locale != null) {
            assertThat(person.api().put("/api/v1/profile", Map.of("locale", locale)).status()).isEqualTo(200);
        }
        return person;
    }

    private static long team(Fixtures.World world, String name, List<Fixtures.Person> members) {
        Api.Response team = world.admin.api().post(world.path("/teams"), Map.of("name", name));
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        long id = team.json().path("id").asLong();
        world.admin.api().post(world.path("/teams/" + id + "/team_members"),
                Map.of("user_ids", members.stream().map(Fixtures.Person::id).toList()));
        return id;
    }

    private static List<MimeMessage> mailsTo(String address) {
        return LocalSmtp.mailsTo(SMTP, address);
    }

    private static MimeMessage awaitMail(String address) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(end)) {
            List<MimeMessage> mails = mailsTo(address);
            if (!mails.isEmpty()) {
                return mails.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + address + " within 15 s");
    }

    private long queued(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE account_id = ? AND kind = 'handoff_mail'").param(accountId)
                .query(Long.class).single();
    }

    private long pendingInOutbox(long accountId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE account_id = ? AND status = 'pending'").param(accountId)
                .query(Long.class).single();
    }

    private void awaitOutboxDrained(long accountId) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (pendingInOutbox(accountId) > 0) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("the outbox was not drained within 15 s");
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aGermanAgentOfTheTeamGetsOneMailInGermanAndNobodyElseGetsAny() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Person greta = agent(world, "Greta", "de", true, true);
        Fixtures.Person otto = agent(world, "Otto", "de", true, true);
        Fixtures.Person ulla = agent(world, "Ulla", "de", false, true);
        Fixtures.Person nina = agent(world, "Nina", "de", true, true);
        Fixtures.Person olaf = agent(world, "Olaf", "de", true, false);
        assertThat(otto.api().put("/api/v1/profile", Map.of("email_on_new_handoff", false)).status()).isEqualTo(200);
        long team = team(world, "Vertrieb", List.of(greta, otto, ulla, olaf)); // Olaf is in the team, not in the inbox
        long conversation = world.conversationFrom(world.visitor("Vera"), "Hallo?");

        Api.Response handoff = world.admin.api().post(world.path("/conversations/" + conversation + "/handoff"),
                Map.of("team_id", team, "reason", "Frage zur Rechnung", "summary", "Rechnung 4711 doppelt abgebucht"));
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);

        MimeMessage mail = awaitMail(greta.email());
        awaitOutboxDrained(world.id());
        assertThat(mail.getSubject()).isEqualTo("Vera wartet auf einen Agenten (" + world.inbox.name() + ")");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("chat@shop.example");
        String body = mail.getContent().toString();
        assertThat(body).contains("Hallo Greta,")
                .contains("Vera möchte im Posteingang " + world.inbox.name()
                        + " mit einem Menschen sprechen und wartet in der Warteschlange des Teams Vertrieb.")
                .contains("Grund: Frage zur Rechnung")
                .contains("Zusammenfassung: Rechnung 4711 doppelt abgebucht")
                .contains("Unterhaltung öffnen: https://chat.shop.example/app/accounts/" + world.id() + "/conversations/" + conversation)
                .contains("Meine Einstellungen");
        assertThat(mailsTo(greta.email())).hasSize(1);
        for (Fixtures.Person nobody : List.of(otto, ulla, nina, olaf, world.admin)) {
            assertThat(mailsTo(nobody.email())).as(nobody.email()).isEmpty();
        }
        assertThat(queued(world.id())).isEqualTo(1);
    }

    @Test
    void withoutAnOwnLanguageTheAccountsLanguageIsUsedAndATeamlessHandoffMailsTheInboxMembers() throws Exception {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().patch(world.path(""), Map.of("locale", "fr")).status()).isEqualTo(200);
        assertThat(world.admin.api().put("/api/v1/profile", Map.of("email_on_new_handoff", false)).status()).isEqualTo(200);
        Fixtures.Person paul = agent(world, "Paul", null, true, true);
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversation = world.conversationFrom(visitor, "Bonjour ?");

        assertThat(visitor.api().post(visitor.path() + "/conversations/" + conversation + "/handoff", Map.of()).status())
                .isEqualTo(200);

        MimeMessage mail = awaitMail(paul.email());
        assertThat(mail.getSubject()).isEqualTo("Vera attend un conseiller (" + world.inbox.name() + ")");
        assertThat(mail.getContent().toString()).contains("Bonjour Paul,")
                .contains("Vera a demandé à parler à une personne dans la boîte " + world.inbox.name() + " et attend dans sa file.")
                .contains("Motif : le visiteur a demandé à parler à une personne");
        awaitOutboxDrained(world.id());
        assertThat(mailsTo(world.admin.email())).isEmpty();
    }

    @Test
    void aRefusedSecondHandoffSendsNoSecondMail() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Person greta = agent(world, "Greta", "de", true, true);
        long team = team(world, "Vertrieb", List.of(greta));
        long conversation = world.conversationFrom(world.visitor("Vera"), "Hallo?");
        assertThat(world.admin.api().post(world.path("/conversations/" + conversation + "/handoff"), Map.of("team_id", team))
                .status()).isEqualTo(200);
        awaitMail(greta.email());

        // Already waiting: the second request is refused, its transaction rolled back with its e-mail.
        assertProblem(world.admin.api().post(world.path("/conversations/" + conversation + "/handoff"), Map.of("team_id", team)),
                409, "handoff_in_progress");

        assertThat(queued(world.id())).isEqualTo(1);
        awaitOutboxDrained(world.id());
        assertThat(mailsTo(greta.email())).hasSize(1);
    }

    @Test
    void aTransferToATeamMailsTheTeamButNotTheAgentWhoTransferred() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Person greta = agent(world, "Greta", "en", true, true);
        Fixtures.Person anton = agent(world, "Anton", "en", true, true);
        long billing = team(world, "Billing", List.of(greta, anton));
        long conversation = world.conversationFrom(world.visitor("Vera"), "I was charged twice");
        assertThat(anton.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
        Api.Response assigned = anton.api().post(world.path("/conversations/" + conversation + "/assignments"),
                Map.of("assignee_id", anton.id()));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);

        Api.Response transfer = anton.api().post(world.path("/conversations/" + conversation + "/transfer"),
                Map.of("team_id", billing, "note", "Charged twice in May; refund agreed"));
        assertThat(transfer.status()).as(transfer.body()).isEqualTo(200);

        MimeMessage mail = awaitMail(greta.email());
        assertThat(mail.getSubject()).isEqualTo("Vera is waiting for an agent (" + world.inbox.name() + ")");
        assertThat(mail.getContent().toString()).contains("Hello Greta,")
                .contains("is waiting in the queue of the team Billing.")
                .contains("Reason: a colleague transferred the conversation")
                .contains("Summary: Charged twice in May; refund agreed");
        awaitOutboxDrained(world.id());
        assertThat(mailsTo(anton.email())).isEmpty();
        assertThat(queued(world.id())).isEqualTo(1);
    }

    @Test
    void anInboxThatSendsEveryNewChatToItsTeamSaysSoInTheMail() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Person greta = agent(world, "Greta", "en", true, true);
        long team = team(world, "Support", List.of(greta));
        Api.Response automation = world.admin.api().put(world.path("/inboxes/" + world.inbox.id() + "/automation"),
                Map.of("team_id", team));
        assertThat(automation.status()).as(automation.body()).isEqualTo(200);

        world.conversationFrom(world.visitor("Vera"), "Hello?");

        MimeMessage mail = awaitMail(greta.email());
        assertThat(mail.getContent().toString()).contains("Reason: the inbox sends every new chat to its team")
                .doesNotContain("new_chat");
    }
}
