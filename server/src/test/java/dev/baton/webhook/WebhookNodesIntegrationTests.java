package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.Reactions;
import dev.baton.testing.TestDatabase;
import dev.baton.testing.WebhookReceiver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Nodes sharing one database: the outbox outlives the node that wrote it. A delivery written by a node that
 * stops before sending is sent by another; a node that dies in the middle of a call leaves the delivery to
 * the next node once its lease runs out, and the receiver gets it again with the same webhook-id.
 */
class WebhookNodesIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<ConfigurableApplicationContext> nodes = new java.util.ArrayList<>();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
        receiver.close();
    }

    private static Map<String, Object> settings(Map<String, String> database, boolean worker) {
        if (TestDatabase.isPostgres()) {
            TestDatabase.requireService("BATON_TEST_POSTGRES_URL");
        }
        Map<String, Object> s = new HashMap<>(database);
        s.put("baton.demo.enabled", "false");
        s.put("baton.rate-limits.public-requests-per-minute-per-ip", "1000000");
        s.put("baton.rate-limits.visitor-messages-per-minute", "1000000");
        s.put("baton.webhooks.allow-private-networks", "true");
        s.put("baton.webhooks.worker-enabled", String.valueOf(worker));
        s.put("baton.webhooks.connect-timeout", "1s");
        s.put("baton.webhooks.request-timeout", "2s");
        s.put("baton.webhooks.lease-margin", "1s");
        s.put("baton.webhooks.retry-base", "1s");
        s.put("baton.webhooks.poll-interval", "200ms");
        return s;
    }

    private ConfigurableApplicationContext start(Map<String, String> database, boolean worker) {
        ConfigurableApplicationContext node = BatonNodes.start(settings(database, worker));
        nodes.add(node);
        return node;
    }

    private static long subscribe(Fixtures.World world, String url) {
        return world.admin.api().post(world.path("/webhooks"), Map.of("url", url, "subscriptions", List.of("message_created")))
                .json().path("payload").path("webhook").path("id").asLong();
    }

    @Test
    void aDeliveryWrittenByANodeThatStopsBeforeSendingIsSentByAnother() {
        Map<String, String> database = TestDatabase.fresh();
        ConfigurableApplicationContext writer = start(database, false);
        Fixtures.World world = Fixtures.on(writer, BatonNodes.port(writer)).world();
        long hook = subscribe(world, receiver.url());
        world.conversationFrom(world.visitor("Vera"), "written before the node stopped");
        Reactions.awaitSettled(writer.getBean(JdbcClient.class), world.id(), WAIT);
        assertThat(writer.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ? AND status = 'pending'")
                .param(hook).query(Integer.class).single()).isEqualTo(1);
        writer.close();
        nodes.remove(writer);

        ConfigurableApplicationContext sender = start(database, true);
        WebhookReceiver.Request request = receiver.next(WAIT);
        assertThat(request.json().path("content").asString()).isEqualTo("written before the node stopped");
        Api admin = new Api(BatonNodes.port(sender)).withToken(world.admin.token());
        JsonNode delivered = awaitStatus(admin, world, hook, "delivered");
        assertThat(delivered.path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aNodeThatDiesDuringTheCallLeavesTheDeliveryToTheNextNode() {
        Map<String, String> database = TestDatabase.fresh();
        receiver.then(new WebhookReceiver.Answer(200, Map.of(), "", true)); // the first call never gets an answer
        ConfigurableApplicationContext first = start(database, true);
        Fixtures.World world = Fixtures.on(first, BatonNodes.port(first)).world();
        long hook = subscribe(world, receiver.url());
        world.conversationFrom(world.visitor("Ida"), "sent while the node died");
        String id = receiver.next(WAIT).header("webhook-id");
        first.close(); // mid-call: the answer never comes and the node's outcome is never recorded
        nodes.remove(first);

        ConfigurableApplicationContext second = start(database, true);
        WebhookReceiver.Request again = receiver.next(WAIT);
        assertThat(again.header("webhook-id")).isEqualTo(id);
        assertThat(again.json().path("content").asString()).isEqualTo("sent while the node died");
        Api admin = new Api(BatonNodes.port(second)).withToken(world.admin.token());
        awaitStatus(admin, world, hook, "delivered");
    }

    @Test
    void twoNodesSendingAtOnceDeliverEachEventOnce() throws Exception {
        Map<String, String> database = TestDatabase.fresh();
        ConfigurableApplicationContext a = start(database, true);
        ConfigurableApplicationContext b = start(database, true);
        Fixtures.World world = Fixtures.on(a, BatonNodes.port(a)).world();
        long hook = subscribe(world, receiver.url());
        Fixtures.Visitor onA = world.visitor("Anton");
        Fixtures.Visitor onB = Fixtures.on(b, BatonNodes.port(b)).visitor(world.inbox.identifier(), "Berta");
        long first = world.conversationFrom(onA, "a0");
        long second = onB.api().post(onB.path() + "/conversations", Map.of()).json().path("id").asLong();
        int perNode = 15;
        Thread writerA = Thread.ofPlatform().start(() -> {
            for (int i = 1; i < perNode; i++) {
                onA.api().post(onA.path() + "/conversations/" + first + "/messages", Map.of("content", "a" + i));
            }
        });
        Thread writerB = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < perNode; i++) {
                onB.api().post(onB.path() + "/conversations/" + second + "/messages", Map.of("content", "b" + i));
            }
        });
        writerA.join();
        writerB.join();
        JdbcClient jdbc = a.getBean(JdbcClient.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ? AND status = 'delivered'").param(hook)
                .query(Integer.class).single() < 2 * perNode) {
            assertThat(System.nanoTime()).as("all deliveries delivered in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        // Every row is delivered and none can be taken again: the receiver got each event once.
        List<WebhookReceiver.Request> got = receiver.all();
        assertThat(got).hasSize(2 * perNode);
        assertThat(got.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(2 * perNode);
    }

    private static JsonNode awaitStatus(Api admin, Fixtures.World world, long hook, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode page = admin.get("/api/v1/accounts/" + world.id() + "/webhooks/" + hook + "/deliveries").json().path("payload");
            if (!page.isEmpty() && status.equals(page.get(0).path("status").asString())) {
                return page.get(0);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the delivery did not become " + status);
    }
}
