package dev.baton.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /actuator/prometheus} carries Baton's meters, and they move with what happens: messages, sockets, the
 * queue, offers, handoffs by outcome and the outboxes (docs/operations.md#what-to-monitor).
 */
class MetricsIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void batonMetersAppearAndMoveWithMessagesSocketsOffersHandoffsAndTheQueue() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Fixtures.Person ann = world.agent("Ann");
        assertThat(admin.patch(world.path("/agents/" + ann.id()), Map.of("licensed", true)).status()).isEqualTo(200);
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Metrics", "handoff_timeout_seconds", 3600))
                .json().path("id").asLong();
        admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(ann.id())));

        String before = metrics(admin);
        assertThat(before).contains("baton_outbox_due{outbox=\"mail\"}", "baton_outbox_due{outbox=\"webhooks\"}",
                "baton_outbox_due{outbox=\"reactions\"}", "baton_outbox_lag{outbox=\"mail\"}",
                "baton_outbox_lag{outbox=\"webhooks\"}", "baton_outbox_lag{outbox=\"reactions\"}",
                "baton_routing_queue_length ", "baton_routing_queue_oldest_wait ", "baton_sockets{kind=\"visitor\"}");
        double incoming = value(before, "baton_messages_total{sender=\"contact\",type=\"incoming\"}");
        double visitorSockets = value(before, "baton_sockets{kind=\"visitor\"}");
        double offersCreated = value(before, "baton_routing_offers_total{event=\"created\"}");
        double handled = value(before, "baton_routing_handoffs_total{kind=\"handoff\",outcome=\"handled\"}");

        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = world.conversationFrom(visitor, "I need a person");
        awaitMetric(admin, "baton_messages_total{sender=\"contact\",type=\"incoming\"}", v -> v >= incoming + 1);
        try (SocketClient widget = SocketClient.visitor(port, visitor.pubsubToken())) {
            widget.await("welcome", WAIT);
            awaitMetric(admin, "baton_sockets{kind=\"visitor\"}", v -> v >= visitorSockets + 1);
        }
        awaitMetric(admin, "baton_sockets{kind=\"visitor\"}", v -> v == visitorSockets);

        // Nobody is available: the handoff waits, and the queue says so.
        assertThat(admin.post(world.path("/conversations/" + conversationId + "/handoff"),
                Map.of("team_id", teamId, "reason", "metrics")).status()).isEqualTo(200);
        awaitMetric(admin, "baton_routing_queue_length", v -> v >= 1);

        // Ann becomes available: she is offered the chat, accepts, and the handoff ends handled.
        try (SocketClient desk = SocketClient.agent(port, ann.token())) {
            desk.send(Map.of("type", "resume", "conversations", Map.of()));
            desk.await("resumed", WAIT);
            assertThat(ann.api().put("/api/v1/profile/availability", Map.of("availability", "available")).status()).isEqualTo(200);
            JsonNode offer = desk.await("offer.created", WAIT);
            awaitMetric(admin, "baton_routing_offers_total{event=\"created\"}", v -> v >= offersCreated + 1);
            assertThat(ann.api().post(world.path("/offers/" + offer.path("data").path("id").asLong() + "/accept"), Map.of())
                    .status()).isEqualTo(200);
        }
        awaitMetric(admin, "baton_routing_handoffs_total{kind=\"handoff\",outcome=\"handled\"}", v -> v >= handled + 1);
        assertThat(metrics(admin)).contains("baton_routing_offers_total{event=\"accepted\"}",
                "type=\"activity\"}");
    }

    @Test
    void requestsAreTimedWithoutALongTaskTimerAndLogEventsAreNotCounted() {
        Api admin = fixtures.world().admin.api();
        assertThat(admin.get("/api/v1/profile").status()).isEqualTo(200);
        String metrics = metrics(admin);
        assertThat(metrics).contains("http_server_requests_seconds_count{", "http_server_requests_seconds_bucket{");
        assertThat(metrics).doesNotContain("http_server_requests_active_seconds", "logback_events_total");
    }

    private static String metrics(Api api) {
        Api.Response response = api.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }

    /** The value of one series (its name with its labels as Prometheus writes them), 0 when it is not there yet. */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
    }

    private static void awaitMetric(Api api, String series, DoublePredicate expected) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double last;
        do {
            last = value(metrics(api), series);
            if (expected.test(last)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError(series + " stayed at " + last);
    }
}
