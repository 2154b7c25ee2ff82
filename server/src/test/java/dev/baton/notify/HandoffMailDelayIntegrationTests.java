package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.baton.BatonApplication;
import dev.baton.realtime.Heartbeats;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.LocalSmtp;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.OwnDatabaseConfiguration;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The handoff e-mail waits {@code baton.notify.handoff-mail-delay} (30 s by default) and is checked when it falls
 * due: not sent when the handoff was accepted or cancelled meanwhile, nor to an agent whose workspace is connected.
 * A clock the test moves, and the outbox drained by the test (its own scheduled run is an hour away), so what was
 * not sent at a drain was decided, not merely late; mails are read back from a real SMTP server (GreenMail).
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
                "baton.outbox.interval=1h",
                "baton.routing.sweeper-enabled=false"
        })
@Import({MutableClockConfiguration.class, OwnDatabaseConfiguration.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HandoffMailDelayIntegrationTests extends IntegrationTest {

    private static final GreenMail SMTP = LocalSmtp.start();

    @Autowired
    MutableClock clock;

    @Autowired
    OutboxWorker worker;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

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

    private record Desk(Fixtures.World world, long teamId, List<Fixtures.Person> agents) {
    }

    /** A team of licensed agents of the world's inbox, none of them with a workspace open. */
    private Desk desk(String... names) {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().put("/api/v1/profile", Map.of("email_on_new_handoff", false)).status()).isEqualTo(200);
        List<Fixtures.Person> agents = new java.util.ArrayList<>();
        for (String name : names) {
            Fixtures.Person p = world.member(name, "agent", true);
            assertThat(world.admin.api().patch(world.path("/agents/" + p.id()), Map.of("licensed", true)).status()).isEqualTo(200);
            agents.add(p);
        }
        Api.Response team = world.admin.api().post(world.path("/teams"), Map.of("name", "Support"));
        assertThat(team.status()).as(team.body()).isEqualTo(200);
        long teamId = team.json().path("id").asLong();
        world.admin.api().post(world.path("/teams/" + teamId + "/team_members"),
                Map.of("user_ids", agents.stream().map(Fixtures.Person::id).toList()));
        return new Desk(world, teamId, agents);
    }

    private static long handoff(Desk desk, Fixtures.Visitor visitor) {
        long conversation = desk.world().conversationFrom(visitor, "Hello?");
        Api.Response handoff = desk.world().admin.api().post(desk.world().path("/conversations/" + conversation + "/handoff"),
                Map.of("team_id", desk.teamId()));
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
        return conversation;
    }

    /** Moves the clock and sends what is due now; connected workspaces beat meanwhile, as every 15 s in production. */
    private void drainAfter(Duration duration) {
        clock.advance(duration);
        Heartbeats.beat(context);
        worker.drain();
    }

    private static List<jakarta.mail.internet.MimeMessage> mailsTo(Fixtures.Person p) {
        return LocalSmtp.mailsTo(SMTP, p.email());
    }

    /** Waits for the agent's one offer (routing dispatches on a worker thread). */
    private static JsonNode offerTo(Fixtures.Person agent, Desk desk) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode offers = agent.api().get(desk.world().path("/offers")).json().path("payload");
            if (offers.size() == 1) {
                return offers.get(0);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no offer to " + agent.email() + " within 10 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<String> statuses(long accountId) {
        return jdbc.sql("SELECT status FROM outbox WHERE account_id = ? AND kind = 'handoff_mail' ORDER BY id")
                .param(accountId).query(String.class).list();
    }

    @Test
    void theMailGoesOnlyAfterTheDelayAndLinksToTheConversation() throws Exception {
        Desk desk = desk("Greta");
        Fixtures.Person greta = desk.agents().getFirst();
        long conversation = handoff(desk, desk.world().visitor("Vera"));

        drainAfter(Duration.ofSeconds(29));
        assertThat(mailsTo(greta)).isEmpty();
        assertThat(statuses(desk.world().id())).containsExactly("pending");

        drainAfter(Duration.ofSeconds(2));
        assertThat(mailsTo(greta)).singleElement().satisfies(mail -> assertThat(mail.getContent().toString())
                .contains("https://chat.shop.example/app/accounts/" + desk.world().id() + "/conversations/" + conversation));
        assertThat(statuses(desk.world().id())).containsExactly("sent");
    }

    @Test
    void noMailWhenTheHandoffIsAcceptedWithinTheDelay() {
        Desk desk = desk("Greta", "Otto");
        Fixtures.Person greta = desk.agents().getFirst();
        assertThat(greta.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
        long conversation = handoff(desk, desk.world().visitor("Vera"));
        JsonNode offer = offerTo(greta, desk);
        assertThat(offer.path("conversation_id").asLong()).isEqualTo(conversation);
        assertThat(greta.api().post(desk.world().path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of()).status())
                .isEqualTo(200);

        drainAfter(Duration.ofSeconds(31));
        assertThat(mailsTo(desk.agents().get(1))).isEmpty();
        assertThat(mailsTo(greta)).isEmpty();
        assertThat(statuses(desk.world().id())).isNotEmpty().containsOnly("skipped");
    }

    @Test
    void noMailWhenTheVisitorCancelsWithinTheDelay() {
        Desk desk = desk("Greta");
        Fixtures.Visitor vera = desk.world().visitor("Vera");
        long conversation = desk.world().conversationFrom(vera, "Hello?");
        assertThat(vera.api().post(vera.path() + "/conversations/" + conversation + "/handoff", Map.of()).status()).isEqualTo(200);
        Api.Response cancelled = vera.api().post(vera.path() + "/conversations/" + conversation + "/handoff/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        drainAfter(Duration.ofSeconds(31));
        assertThat(mailsTo(desk.agents().getFirst())).isEmpty();
        assertThat(statuses(desk.world().id())).containsExactly("skipped");
    }

    @Test
    void anAgentWithTheWorkspaceConnectedGetsNoMailAndOneWithoutGetsIt() {
        Desk desk = desk("Greta", "Otto");
        Fixtures.Person greta = desk.agents().get(0);
        Fixtures.Person otto = desk.agents().get(1);
        // Greta is away (no offers) but has the workspace open.
        assertThat(greta.api().put("/api/v1/profile/availability", Map.of("availability", "away")).status()).isEqualTo(200);
        try (SocketClient socket = SocketClient.agent(port, greta.token())) {
            socket.send(Map.of("type", "resume", "conversations", Map.of()));
            socket.await("resumed", Duration.ofSeconds(10));
            handoff(desk, desk.world().visitor("Vera"));

            drainAfter(Duration.ofSeconds(31));
            assertThat(mailsTo(greta)).isEmpty();
            assertThat(mailsTo(otto)).hasSize(1);
            assertThat(statuses(desk.world().id())).containsExactlyInAnyOrder("skipped", "sent");
        }
    }

    @Test
    void anAgentConnectedWithoutEverChoosingAStatusGetsNoMail() {
        Desk desk = desk("Greta", "Otto");
        Fixtures.Person greta = desk.agents().get(0);
        Fixtures.Person otto = desk.agents().get(1);
        // Greta never chose a status (no agent_status row) but has the workspace open.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM agent_status WHERE user_id = ?").param(greta.id()).query(Long.class).single())
                .isZero();
        try (SocketClient socket = SocketClient.agent(port, greta.token())) {
            socket.send(Map.of("type", "resume", "conversations", Map.of()));
            socket.await("resumed", Duration.ofSeconds(10));
            handoff(desk, desk.world().visitor("Vera"));

            drainAfter(Duration.ofSeconds(31));
            assertThat(mailsTo(greta)).isEmpty();
            assertThat(mailsTo(otto)).hasSize(1);
            assertThat(statuses(desk.world().id())).containsExactlyInAnyOrder("skipped", "sent");
        }
    }
}
