package dev.baton.agentbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The handover protocol between an inbox's primary and secondary bots and people, driven by two real bots on
 * loopback: pass, take, release, request, expiry, standby feeds, handover keywords, and what is refused.
 */
class ThreadControlIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebhookReceiver primaryHook = new WebhookReceiver();
    private final WebhookReceiver secondaryHook = new WebhookReceiver();

    @AfterEach
    void stopReceivers() {
        primaryHook.close();
        secondaryHook.close();
    }

    private record Bot(long id, Api api) {
    }

    private record Setup(Fixtures.World world, Bot primary, Bot secondary, Fixtures.Visitor visitor, long conversationId) {
        String conversation(String rest) {
            return world.path("/conversations/" + conversationId + rest);
        }
    }

    private Bot bot(Fixtures.World world, String name, WebhookReceiver hook) {
        Api.Response created = world.admin.api().post(world.path("/agent_bots"), Map.of("name", name, "outgoing_url", hook.url(),
                "events", AgentBotEvents.ALL));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        return new Bot(created.json().path("id").asLong(), new Api(port).withToken(created.json().path("access_token").asString()));
    }

    private Setup setup() {
        Fixtures.World world = fixtures.world();
        Bot primary = bot(world, "Concierge", primaryHook);
        Bot secondary = bot(world, "Survey", secondaryHook);
        Api.Response bound = world.admin.api().post(world.path("/inboxes/" + world.inbox.id() + "/set_agent_bot"),
                Map.of("agent_bot", primary.id(), "secondary_agent_bots", List.of(secondary.id())));
        assertThat(bound.status()).as("%s", bound).isEqualTo(204);
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = world.conversationFrom(visitor, "Hello");
        primaryHook.next("message_created", WAIT);
        secondaryHook.next("standby", WAIT);
        return new Setup(world, primary, secondary, visitor, conversationId);
    }

    @Test
    void thePrimaryPassesToASecondaryWhichGetsTheMessagesWhileThePrimaryGetsStandbyUntilItReleases() {
        Setup s = setup();
        assertThat(s.world.admin.api().get(s.world.path("/inboxes/" + s.world.inbox.id() + "/agent_bot")).json()
                .path("secondary_agent_bots").get(0).asLong()).isEqualTo(s.secondary.id());
        Api.Response passed = s.primary.api().post(s.conversation("/pass_thread_control"),
                Map.of("target", "bot", "agent_bot_id", s.secondary.id(), "metadata", Map.of("topic", "survey")));
        assertThat(passed.status()).as("%s", passed).isEqualTo(200);
        JsonNode control = secondaryHook.next("control_passed", WAIT).json();
        assertThat(control.path("previous_owner_bot_id").asLong()).isEqualTo(s.primary.id());
        assertThat(control.path("new_owner_bot_id").asLong()).isEqualTo(s.secondary.id());
        assertThat(control.path("metadata").asString()).isEqualTo("{\"topic\":\"survey\"}");
        assertThat(control.path("conversation").path("status").asString()).isEqualTo("pending");

        s.visitor.api().post(s.visitor.path() + "/conversations/" + s.conversationId + "/messages", Map.of("content", "5 stars"));
        assertThat(secondaryHook.next("message_created", WAIT).json().path("content").asString()).isEqualTo("5 stars");
        assertThat(primaryHook.next("standby", WAIT).json().path("content").asString()).isEqualTo("5 stars");

        Api.Response notOwner = s.primary.api().post(s.conversation("/messages"), Map.of("content", "me too"));
        assertThat(notOwner.status()).isEqualTo(409);
        assertThat(notOwner.code()).isEqualTo("not_owned_by_bot");
        assertThat(s.secondary.api().post(s.conversation("/messages"), Map.of("content", "Thanks!")).status()).isEqualTo(200);

        assertThat(s.secondary.api().post(s.conversation("/release_thread_control"), Map.of()).status()).isEqualTo(200);
        JsonNode back = primaryHook.next("control_passed", WAIT).json();
        assertThat(back.path("reason").asString()).isEqualTo("released");
        assertThat(back.path("previous_owner_bot_id").asLong()).isEqualTo(s.secondary.id());
        assertThat(s.primary.api().post(s.conversation("/messages"), Map.of("content", "Anything else?")).status()).isEqualTo(200);
        JsonNode activity = s.world.admin.api().get(s.conversation("/messages")).json().path("payload");
        assertThat(activity.valueStream().map(m -> m.path("content").asString()).toList())
                .contains("Passed to Survey", "Passed to Concierge");
    }

    @Test
    void thePrimaryTakesTheThreadFromPeopleAndFromASecondaryWhichIsTold() {
        Setup s = setup();
        Api.Response toPeople = s.primary.api().post(s.conversation("/pass_thread_control"),
                Map.of("target", "people", "metadata", Map.of("summary", "wants a refund")));
        assertThat(toPeople.status()).as("%s", toPeople).isEqualTo(200);
        JsonNode started = primaryHook.next("handoff_started", WAIT).json();
        assertThat(started.path("summary").asString()).isEqualTo("{\"summary\":\"wants a refund\"}");

        Api.Response secondaryTakes = s.secondary.api().post(s.conversation("/take_thread_control"), Map.of());
        assertThat(secondaryTakes.status()).isEqualTo(409);
        assertThat(secondaryTakes.code()).isEqualTo("not_primary_bot");
        Api.Response taken = s.primary.api().post(s.conversation("/take_thread_control"), Map.of());
        assertThat(taken.status()).as("%s", taken).isEqualTo(200);
        assertThat(taken.json().path("owner").asString()).isEqualTo("bot");
        primaryHook.next(r -> "handoff_ended".equals(r.event()) && "no_agent".equals(r.json().path("outcome").asString()), WAIT);

        s.primary.api().post(s.conversation("/pass_thread_control"), Map.of("target", "bot", "agent_bot_id", s.secondary.id()));
        secondaryHook.next("control_passed", WAIT);
        assertThat(s.primary.api().post(s.conversation("/take_thread_control"), Map.of("metadata", Map.of("why", "vip"))).status())
                .isEqualTo(200);
        JsonNode lost = secondaryHook.next("control_taken", WAIT).json();
        assertThat(lost.path("new_owner_bot_id").asLong()).isEqualTo(s.primary.id());
        assertThat(lost.path("metadata").asString()).isEqualTo("{\"why\":\"vip\"}");
    }

    @Test
    void ownershipThatRunsOutGoesBackToThePrimary() {
        Setup s = setup();
        s.primary.api().post(s.conversation("/pass_thread_control"),
                Map.of("target", "bot", "agent_bot_id", s.secondary.id(), "expires_in", 1));
        secondaryHook.next("control_passed", WAIT);
        assertThat(secondaryHook.next("control_taken", WAIT).json().path("reason").asString()).isEqualTo("expired");
        assertThat(primaryHook.next("control_passed", WAIT).json().path("reason").asString()).isEqualTo("expired");
        assertThat(s.primary.api().post(s.conversation("/messages"), Map.of("content", "I am back")).status()).isEqualTo(200);
    }

    @Test
    void aSecondaryRequestsTheThreadAndTheOwnerIsTold() {
        Setup s = setup();
        assertThat(s.secondary.api().post(s.conversation("/request_thread_control"), Map.of("metadata", Map.of("survey", true)))
                .status()).isEqualTo(200);
        JsonNode asked = primaryHook.next("control_requested", WAIT).json();
        assertThat(asked.path("requested_owner_bot_id").asLong()).isEqualTo(s.secondary.id());
        assertThat(asked.path("metadata").asString()).isEqualTo("{\"survey\":true}");
    }

    @Test
    void aHandoverKeywordTypedByTheVisitorPassesToPeople() {
        Setup s = setup();
        s.visitor.api().post(s.visitor.path() + "/conversations/" + s.conversationId + "/messages",
                Map.of("content", "Can I talk to a human please"));
        JsonNode started = primaryHook.next("handoff_started", WAIT).json();
        assertThat(started.path("reason").asString()).isEqualTo("keyword");
        assertThat(started.path("conversation").path("owner").asString()).isEqualTo("queue");
        assertThat(primaryHook.next("standby", WAIT).json().path("content").asString()).isEqualTo("Can I talk to a human please");
    }

    @Test
    void badThreadControlRequestsAreRefusedWithStableCodes() {
        Setup s = setup();
        Api.Response big = s.primary.api().post(s.conversation("/pass_thread_control"),
                Map.of("target", "people", "metadata", Map.of("text", "x".repeat(2100))));
        assertThat(big.status()).isEqualTo(422);
        assertThat(big.body()).contains("\"field\":\"metadata\"");
        Api.Response target = s.primary.api().post(s.conversation("/pass_thread_control"), Map.of("target", "robot"));
        assertThat(target.status()).isEqualTo(422);
        Api.Response stranger = s.primary.api().post(s.conversation("/pass_thread_control"),
                Map.of("target", "bot", "agent_bot_id", 999999));
        assertThat(stranger.status()).isEqualTo(422);
        assertThat(stranger.body()).contains("\"field\":\"agent_bot_id\"");
        Api.Response agent = s.world.admin.api().post(s.conversation("/pass_thread_control"), Map.of("target", "people"));
        assertThat(agent.status()).isEqualTo(403);
        Api.Response notTheOwner = s.secondary.api().post(s.conversation("/pass_thread_control"), Map.of("target", "people"));
        assertThat(notTheOwner.status()).isEqualTo(409);
        assertThat(notTheOwner.code()).isEqualTo("not_owned_by_bot");
        assertThat(s.world.admin.api().get(s.conversation("")).json().path("owner").asString()).isEqualTo("bot");
    }

    @Test
    void ofTwoPassesAtOnceByTheOwnerExactlyOneWins() throws Exception {
        Setup s = setup();
        CyclicBarrier start = new CyclicBarrier(2);
        CompletableFuture<Api.Response> toBot = CompletableFuture.supplyAsync(() -> {
            await(start);
            return s.primary.api().post(s.conversation("/pass_thread_control"), Map.of("target", "bot", "agent_bot_id", s.secondary.id()));
        });
        CompletableFuture<Api.Response> toPeople = CompletableFuture.supplyAsync(() -> {
            await(start);
            return s.primary.api().post(s.conversation("/pass_thread_control"), Map.of("target", "people"));
        });
        List<Integer> statuses = List.of(toBot.get().status(), toPeople.get().status());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        String owner = s.world.admin.api().get(s.conversation("")).json().path("owner").asString();
        assertThat(owner).isEqualTo(toBot.get().status() == 200 ? "bot" : "queue");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
