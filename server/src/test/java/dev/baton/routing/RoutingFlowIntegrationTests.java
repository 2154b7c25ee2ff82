package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The offer/accept cycle through the API and the sockets (deadlines are in RoutingDeadlineIntegrationTests). */
class RoutingFlowIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A world with a team "Support" of the given agents, each licensed, in the inbox and available. */
    private record Desk(Fixtures.World world, long teamId, List<Fixtures.Person> agents) {
    }

    private Desk desk(int agents, String offerMode) {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Support", "offer_mode", offerMode)).json().path("id").asLong();
        List<Fixtures.Person> people = new java.util.ArrayList<>();
        for (int i = 0; i < agents; i++) {
            Fixtures.Person p = world.agent("Agent " + (char) ('A' + i));
            assertThat(admin.patch(world.path("/agents/" + p.id()), Map.of("licensed", true)).status()).isEqualTo(200);
            admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(p.id())));
            assertThat(p.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
            people.add(p);
        }
        return new Desk(world, teamId, people);
    }

    private long waitingConversation(Desk desk, String text) {
        long conversationId = desk.world().conversationFrom(desk.world().visitor("Visitor"), text);
        Api.Response handoff = desk.world().admin.api().post(desk.world().path("/conversations/" + conversationId + "/handoff"),
                Map.of("team_id", desk.teamId(), "reason", "billing question"));
        assertThat(handoff.status()).as(handoff.body()).isEqualTo(200);
        return conversationId;
    }

    private static JsonNode awaitOffer(SocketClient socket, long conversationId) {
        return socket.await(e -> "offer.created".equals(e.path("type").asString())
                && e.path("data").path("conversation_id").asLong() == conversationId, WAIT);
    }

    @Test
    void aHandedOffConversationIsOfferedToAnAvailableAgentWhoAcceptsIt() {
        Desk desk = desk(1, "sequential");
        Fixtures.Person anna = desk.agents().getFirst();
        try (SocketClient annaSocket = SocketClient.agent(port, anna.token())) {
            annaSocket.send(Map.of("type", "resume", "conversations", Map.of()));
            annaSocket.await("resumed", WAIT);
            long conversationId = waitingConversation(desk, "I need help with an invoice");

            JsonNode offer = awaitOffer(annaSocket, conversationId).path("data");
            assertThat(offer.path("team").path("name").asString()).isEqualTo("Support");
            assertThat(offer.path("visitor_name").asString()).isEqualTo("Visitor");
            assertThat(offer.path("reason").asString()).isEqualTo("billing question");
            assertThat(offer.path("messages").valueStream().map(m -> m.path("content").asString()))
                    .contains("I need help with an invoice");
            assertThat(offer.path("seconds_left").asLong()).isBetween(1L, 20L);

            JsonNode listed = anna.api().get(desk.world().path("/offers")).json().path("payload");
            assertThat(listed).extracting(o -> o.path("id").asLong()).containsExactly(offer.path("id").asLong());

            Api.Response accepted = anna.api().post(desk.world().path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of());
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
            JsonNode conversation = anna.api().get(desk.world().path("/conversations/" + conversationId)).json();
            assertThat(conversation.path("owner").asString()).isEqualTo("agent");
            assertThat(conversation.path("assignee_id").asLong()).isEqualTo(anna.id());
            List<String> activity = anna.api().get(desk.world().path("/conversations/" + conversationId + "/messages")).json()
                    .path("payload").valueStream().filter(m -> m.path("message_type").asInt() == 2)
                    .map(m -> m.path("content").asString()).toList();
            assertThat(activity).anyMatch(a -> a.startsWith("Handed over to Support")).anyMatch(a -> a.equals("Agent A accepted"));

            assertThat(anna.api().post(desk.world().path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of()).code())
                    .isEqualTo("offer_answered");
        }
    }

    @Test
    void sequentialModeOffersTheLeastBusyAgentAndADeclineGoesToTheNext() {
        Desk desk = desk(2, "sequential");
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        // A already has a conversation: B is less busy.
        long first = desk.world().conversationFrom(desk.world().visitor("Earlier"), "earlier");
        assertThat(a.api().post(desk.world().path("/conversations/" + first + "/assignments"), Map.of("assignee_id", a.id())).status())
                .isEqualTo(200);
        try (SocketClient socketA = SocketClient.agent(port, a.token()); SocketClient socketB = SocketClient.agent(port, b.token())) {
            socketA.send(Map.of("type", "resume", "conversations", Map.of()));
            socketB.send(Map.of("type", "resume", "conversations", Map.of()));
            socketA.await("resumed", WAIT);
            socketB.await("resumed", WAIT);
            long conversationId = waitingConversation(desk, "hello");

            JsonNode toB = awaitOffer(socketB, conversationId).path("data");
            assertThat(b.api().post(desk.world().path("/offers/" + toB.path("id").asLong() + "/decline"), Map.of()).status()).isEqualTo(200);
            JsonNode toA = awaitOffer(socketA, conversationId).path("data");
            assertThat(a.api().post(desk.world().path("/offers/" + toA.path("id").asLong() + "/accept"), Map.of()).status()).isEqualTo(200);
            assertThat(a.api().get(desk.world().path("/conversations/" + conversationId)).json().path("assignee_id").asLong())
                    .isEqualTo(a.id());
        }
    }

    @Test
    void broadcastModeOffersEveryoneAndTheFirstAcceptWins() {
        Desk desk = desk(2, "broadcast");
        Fixtures.Person a = desk.agents().get(0);
        Fixtures.Person b = desk.agents().get(1);
        try (SocketClient socketA = SocketClient.agent(port, a.token()); SocketClient socketB = SocketClient.agent(port, b.token())) {
            socketA.send(Map.of("type", "resume", "conversations", Map.of()));
            socketB.send(Map.of("type", "resume", "conversations", Map.of()));
            socketA.await("resumed", WAIT);
            socketB.await("resumed", WAIT);
            long conversationId = waitingConversation(desk, "anyone?");
            long offerA = awaitOffer(socketA, conversationId).path("data").path("id").asLong();
            long offerB = awaitOffer(socketB, conversationId).path("data").path("id").asLong();

            assertThat(b.api().post(desk.world().path("/offers/" + offerB + "/accept"), Map.of()).status()).isEqualTo(200);
            socketA.await(e -> "offer.withdrawn".equals(e.path("type").asString()) && e.path("data").path("offer_id").asLong() == offerA, WAIT);
            Api.Response late = a.api().post(desk.world().path("/offers/" + offerA + "/accept"), Map.of());
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.code()).isEqualTo("offer_withdrawn");
            assertThat(a.api().post(desk.world().path("/offers/" + offerB + "/accept"), Map.of()).code()).isEqualTo("offer_not_yours");
        }
    }

    @Test
    void takingRespectsCapacityUnlessASupervisorOverridesIt() {
        Desk desk = desk(1, "sequential");
        Fixtures.Person anna = desk.agents().getFirst();
        Api admin = desk.world().admin.api();
        admin.patch(desk.world().path("/agents/" + anna.id()), Map.of("capacity", 1));
        long one = desk.world().conversationFrom(desk.world().visitor("One"), "1");
        long two = desk.world().conversationFrom(desk.world().visitor("Two"), "2");
        assertThat(anna.api().post(desk.world().path("/conversations/" + one + "/assignments"), Map.of("assignee_id", anna.id())).status())
                .isEqualTo(200);
        Api.Response full = anna.api().post(desk.world().path("/conversations/" + two + "/assignments"), Map.of("assignee_id", anna.id()));
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.code()).isEqualTo("agent_at_capacity");
        assertThat(anna.api().post(desk.world().path("/conversations/" + two + "/assignments"),
                Map.of("assignee_id", anna.id(), "override_capacity", true)).status()).isEqualTo(403);
        assertThat(admin.post(desk.world().path("/conversations/" + two + "/assignments"),
                Map.of("assignee_id", anna.id(), "override_capacity", true)).status()).isEqualTo(200);
    }

    @Test
    void theVisitorCanSayNoToWaitingAndSeesTheirPlaceInTheQueue() {
        Desk desk = desk(0, "sequential");
        Fixtures.Visitor visitor = desk.world().visitor("Vic");
        long conversationId = desk.world().conversationFrom(visitor, "is anyone there?");
        assertThat(visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/handoff", Map.of()).status()).isEqualTo(200);
        JsonNode place = visitor.api().get(visitor.path() + "/conversations/" + conversationId + "/queue").json();
        assertThat(place.path("position").asInt()).isEqualTo(1);

        Api.Response cancelled = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/handoff/cancel", Map.of());
        assertThat(cancelled.json().path("outcome").asString()).isEqualTo("declined");
        assertThat(visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/handoff/cancel", Map.of()).code())
                .isEqualTo("no_handoff");
    }

    @Test
    void endingRequiresAWrapUpReasonWhereTheAccountSaysSo() {
        Desk desk = desk(1, "sequential");
        Api admin = desk.world().admin.api();
        admin.patch(desk.world().path(""), Map.of("wrap_up_required", true));
        long reason = admin.post(desk.world().path("/wrap_up_reasons"), Map.of("name", "Question answered")).json().path("id").asLong();
        long conversationId = desk.world().conversationFrom(desk.world().visitor("Wanda"), "thanks");

        Api.Response refused = admin.post(desk.world().path("/conversations/" + conversationId + "/toggle_status"), Map.of("status", "resolved"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("wrap_up_reason_required");
        assertThat(admin.get(desk.world().path("/conversations/" + conversationId)).json().path("status").asString()).isEqualTo("open");

        assertThat(admin.post(desk.world().path("/conversations/" + conversationId + "/toggle_status"),
                Map.of("status", "resolved", "wrap_up_reason_id", reason)).status()).isEqualTo(200);
        List<String> activity = admin.get(desk.world().path("/conversations/" + conversationId + "/messages")).json().path("payload")
                .valueStream().map(m -> m.path("content").asString()).toList();
        assertThat(activity).anyMatch(text -> text.endsWith(": Question answered"));
        assertThat(admin.post(desk.world().path("/conversations/" + conversationId + "/toggle_status"), Map.of("status", "open"))
                .json().path("payload").path("current_status").asString()).isEqualTo("open");
    }

    @Test
    void theRoutingReportCountsOutcomesAndTimings() {
        Desk desk = desk(1, "sequential");
        Fixtures.Person anna = desk.agents().getFirst();
        long conversationId = waitingConversation(desk, "report me");
        JsonNode offer = null;
        for (int i = 0; i < 100 && offer == null; i++) {
            JsonNode offers = anna.api().get(desk.world().path("/offers")).json().path("payload");
            offer = offers.isEmpty() ? null : offers.get(0);
            if (offer == null) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        assertThat(offer).as("an offer within 10 s").isNotNull();
        anna.api().post(desk.world().path("/offers/" + offer.path("id").asLong() + "/accept"), Map.of());
        Fixtures.Visitor quitter = desk.world().visitor("Quitter");
        long other = desk.world().conversationFrom(quitter, "never mind");
        quitter.api().post(quitter.path() + "/conversations/" + other + "/handoff", Map.of());
        quitter.api().post(quitter.path() + "/conversations/" + other + "/handoff/cancel", Map.of());

        JsonNode report = desk.world().admin.api().get(desk.world().path("/reports/routing")).json();
        assertThat(report.path("handoffs").path("handled").asLong()).isEqualTo(1);
        assertThat(report.path("handoffs").path("declined").asLong()).isEqualTo(1);
        assertThat(report.path("avg_time_to_accept_seconds").isNumber()).isTrue();
        assertThat(anna.api().get(desk.world().path("/reports/routing")).status()).isEqualTo(403);
        assertThat(conversationId).isPositive();
    }

    @Test
    void aWaitingConversationThatIsClosedEndsItsHandoffAsDeclined() {
        Desk desk = desk(0, "sequential");
        Api admin = desk.world().admin.api();
        long conversationId = waitingConversation(desk, "waiting, then gone");
        assertThat(admin.get(desk.world().path("/conversations/" + conversationId + "/queue")).json().path("position").asInt())
                .isEqualTo(1);

        admin.post(desk.world().path("/conversations/" + conversationId + "/toggle_status"), Map.of("status", "resolved"));

        JsonNode report = null;
        for (int i = 0; i < 100; i++) {
            report = admin.get(desk.world().path("/reports/routing")).json();
            if (report.path("handoffs").path("declined").asLong() == 1) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(report.path("handoffs").path("declined").asLong()).isEqualTo(1);
        assertThat(report.path("waiting_now").asLong()).isZero();
        assertThat(admin.get(desk.world().path("/conversations/" + conversationId + "/queue")).json().has("position")).isFalse();
    }
}
