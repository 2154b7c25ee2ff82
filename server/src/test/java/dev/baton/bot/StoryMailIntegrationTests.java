package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.LocalSmtp;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The no_agent path and the e-mail step, with a real SMTP server on loopback (GreenMail): what arrives is
 * read back from it. Its own server, since SMTP settings are read at start.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "logging.level.dev.baton=INFO",
                "baton.smtp.host=127.0.0.1",
                "baton.smtp.starttls=false",
                "baton.smtp.from=chat@shop.example",
                "baton.outbox.interval=200ms"
        })
class StoryMailIntegrationTests extends IntegrationTest {

    private static final GreenMail SMTP = LocalSmtp.start();
    private static final String ASK_EMAIL = "Sorry, no colleague is free right now. What is your e-mail address? We will get back to you.";

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("baton.smtp.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    private static MimeMessage awaitMail(String to) {
        return Chat.await(() -> LocalSmtp.mailsTo(SMTP, to).stream().findFirst().orElse(null), m -> m != null, "a mail to " + to);
    }

    private static String body(MimeMessage mail) throws Exception {
        return mail.getContent().toString();
    }

    /** The English demo story, handing over to a team of the given agents, the no-agent mail going to the shop. */
    private Fixtures.World demo(List<Fixtures.Person> agents, int handoffTimeoutSeconds, Fixtures.World world) {
        long teamId = Chat.team(world, agents, handoffTimeoutSeconds);
        Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.demoStory()), "team_id", teamId,
                "no_agent_email", "support@shop.example"));
        return world;
    }

    private static Chat toHandoff(Fixtures.World world) {
        Chat chat = Chat.open(world, "Visitor");
        chat.awaitBot("What's your first name?");
        chat.answer("Vera", "Nice to meet you, Vera! Which company are you with? (or write 'private')");
        chat.answer("Acme", "How can I help you, Vera?");
        chat.answer("Talk to a person", "One moment, I'm connecting you with a colleague…");
        return chat;
    }

    @Test
    void whenNobodyAnswersInTimeTheStoryAsksForAnEmailAndTheRequestArrivesByMail() throws Exception {
        Fixtures.World world = demo(List.of(), 10, fixtures.world());
        Chat chat = toHandoff(world);

        // The team's 10 s deadline passes with nobody available: the no_agent path.
        Chat.await(() -> chat.botTexts().contains(ASK_EMAIL), found -> found, "the no_agent path (within 15 s)");
        assertThat(chat.conversation().path("owner").asString()).isEqualTo("bot");
        chat.answer("vera at home", "That does not look like an e-mail address. Please try again.");
        chat.answer("vera@home.example", "Thank you! We will write to vera@home.example as soon as possible.");

        MimeMessage mail = awaitMail("support@shop.example");
        assertThat(mail.getSubject()).isEqualTo("Website request from Vera (Acme)");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("chat@shop.example");
        String body = body(mail);
        assertThat(body).contains("conversation " + chat.id)
                .contains("first_name: Vera").contains("company: Acme").contains("topic: Talk to a person")
                .contains("email: vera@home.example")
                .contains("Bot: What's your first name?").contains("Visitor: Vera").contains("Visitor: Acme")
                .contains("Visitor: vera@home.example")
                // Private notes stay in the agents' workspace.
                .doesNotContain("Vera (Acme) asked for a person");
        chat.awaitConversation(c -> "resolved".equals(c.path("status").asString()), "the story to end");
    }

    @Test
    void whenEveryAgentDeclinesTheStoryTakesTheNoAgentPath() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person anna = world.agent("Anna");
        demo(List.of(anna), 600, world);
        Chat chat = toHandoff(world);
        JsonNode offer = chat.awaitOffer(anna);
        assertThat(anna.api().post(world.path("/offers/" + offer.path("id").asLong() + "/decline"), Map.of()).status()).isEqualTo(200);
        chat.awaitBot(ASK_EMAIL);
        chat.answer("vera@home.example", "Thank you! We will write to vera@home.example as soon as possible.");
        awaitMail("support@shop.example");
    }

    @Test
    void theEmailStepWritesToAnAddressFromAVariableInTheAccountsLanguage() throws Exception {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        assertThat(admin.patch(world.path(""), Map.of("locale", "de")).status()).isEqualTo(200);
        Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.json("""
                {'start': 'mail', 'steps': {
                  'mail': {'type': 'ask', 'text': 'Ihre E-Mail?', 'variable': 'email', 'validate': 'email', 'next': 'send'},
                  'send': {'type': 'email', 'to': '{{email}}', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'Gesendet.'}}}"""))));
        Chat chat = Chat.open(world, "Besucher");
        chat.awaitBot("Ihre E-Mail?");
        chat.answer("zu lang " + "x".repeat(600), "Das ist etwas lang für mich: bitte antworten Sie mit höchstens 500 Zeichen.");
        chat.answer("vera@home.example", "Gesendet.");

        MimeMessage mail = awaitMail("vera@home.example");
        assertThat(mail.getSubject()).isEqualTo("Anfrage aus dem Website-Chat (Unterhaltung " + chat.id + ")");
        assertThat(body(mail)).contains("Gesammelte Daten:").contains("email: vera@home.example").contains("Verlauf:")
                .contains("Besucher: vera@home.example").contains("Bot: Ihre E-Mail?");
    }
}
