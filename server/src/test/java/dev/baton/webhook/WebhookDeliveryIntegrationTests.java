package dev.baton.webhook;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.baton.BatonApplication;
import dev.baton.conversation.MessageCreated;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.SenderType;
import dev.baton.testing.Api;
import dev.baton.testing.DeliveryOutcomes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.OwnDatabaseConfiguration;
import dev.baton.testing.Reactions;
import dev.baton.testing.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Deliveries against real receivers on loopback: retries with backoff after 5xx and timeouts, Retry-After,
 * 410 disabling the endpoint, re-sending by an administrator, no duplicates, no redirects followed. The clock
 * is the test's: a retry is due when the test moves the clock, and outcomes are awaited as committed events.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "baton.webhooks.allow-private-networks=true",
                "baton.routing.sweeper-enabled=false",
                "baton.webhooks.connect-timeout=1s",
                // Long enough for a loaded CI machine to answer: the clock is the test's, so a delivery that timed
                // out is tried again only when a test moves it (a 1 s timeout failed the burst below once in CI).
                "baton.webhooks.request-timeout=5s",
                "baton.webhooks.lease-margin=1s",
                "baton.webhooks.poll-interval=200ms"
        })
@Import({MutableClockConfiguration.class, OwnDatabaseConfiguration.class, DeliveryOutcomes.class})
class WebhookDeliveryIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    private MutableClock clock;

    @Autowired
    private DeliveryOutcomes outcomes;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private ApplicationEventPublisher events;

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private record Hook(long id, String secret) {
    }

    private Hook subscribe(Fixtures.World world, String url) {
        JsonNode w = world.admin.api().post(world.path("/webhooks"), Map.of("url", url,
                "subscriptions", List.of("message_created"))).json().path("payload").path("webhook");
        return new Hook(w.path("id").asLong(), w.path("secret").asString());
    }

    private static JsonNode deliveries(Fixtures.World world, Hook hook) {
        return world.admin.api().get(world.path("/webhooks/" + hook.id() + "/deliveries")).json().path("payload");
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffUntilItAnswersAndTheIdStaysTheSame() throws Exception {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        receiver.then(WebhookReceiver.Answer.status(500), new WebhookReceiver.Answer(502, Map.of(), "bad gateway", false));
        world.conversationFrom(world.visitor("Vera"), "hello");

        String id = receiver.next(WAIT).header("webhook-id");
        WebhookDeliveryFailed first = outcomes.failed(hook.id(), WAIT);
        assertThat(first.responseStatus()).isEqualTo(500);
        assertThat(first.attempts()).isEqualTo(1);
        Instant failedAt = clock.instant();
        assertThat(first.nextAttemptAt()).isBetween(failedAt.plusSeconds(10), failedAt.plusSeconds(11));
        JsonNode pending = deliveries(world, hook).get(0);
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(pending.path("attempts").asInt()).isEqualTo(1);
        assertThat(pending.path("response_status").asInt()).isEqualTo(500);
        assertThat(pending.path("last_error").asString()).isEqualTo("HTTP 500");
        assertThat(pending.path("next_attempt_at").asLong()).isEqualTo(first.nextAttemptAt().getEpochSecond());

        clock.advance(Duration.ofSeconds(11));
        assertThat(receiver.next(WAIT).header("webhook-id")).isEqualTo(id);
        WebhookDeliveryFailed second = outcomes.failed(hook.id(), WAIT);
        assertThat(second.error()).isEqualTo("HTTP 502: bad gateway");
        assertThat(second.nextAttemptAt()).isBetween(clock.instant().plusSeconds(20), clock.instant().plusSeconds(22));

        clock.advance(Duration.ofSeconds(23));
        WebhookReceiver.Request third = receiver.next(WAIT);
        assertThat(third.header("webhook-id")).isEqualTo(id);
        new Webhook(hook.secret()).verify(third.body(), third.headers());
        WebhookDeliverySucceeded delivered = outcomes.succeeded(hook.id(), WAIT);
        assertThat(delivered.attempts()).isEqualTo(3);
        JsonNode done = deliveries(world, hook).get(0);
        assertThat(done.path("status").asString()).isEqualTo("delivered");
        assertThat(done.path("attempts").asInt()).isEqualTo(3);
        assertThat(done.path("response_status").asInt()).isEqualTo(200);
        assertThat(done.path("last_error").isNull()).isTrue();
        assertThat(done.path("next_attempt_at").isNull()).isTrue();
        assertThat(done.path("duration_ms").asInt()).isNotNegative();
        assertThat(done.path("payload").path("event").asString()).isEqualTo("message_created");
    }

    @Test
    void aRetryAfterAnswerSetsTheNextAttempt() {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        receiver.then(new WebhookReceiver.Answer(503, Map.of("Retry-After", "120"), "", false));
        world.conversationFrom(world.visitor("Rita"), "hello");

        receiver.next(WAIT);
        WebhookDeliveryFailed failed = outcomes.failed(hook.id(), WAIT);
        assertThat(failed.responseStatus()).isEqualTo(503);
        assertThat(failed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(120));

        clock.advance(Duration.ofSeconds(121));
        receiver.next(WAIT);
        assertThat(outcomes.succeeded(hook.id(), WAIT).attempts()).isEqualTo(2);
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        receiver.then(new WebhookReceiver.Answer(200, Map.of(), "", true));
        world.conversationFrom(world.visitor("Tim"), "hello");

        receiver.next(WAIT);
        WebhookDeliveryFailed failed = outcomes.failed(hook.id(), WAIT);
        assertThat(failed.responseStatus()).isNull();
        assertThat(failed.error()).contains("timed out");

        clock.advance(Duration.ofSeconds(12));
        receiver.next(WAIT);
        assertThat(outcomes.succeeded(hook.id(), WAIT).attempts()).isEqualTo(2);
        assertThat(deliveries(world, hook).get(0).path("status").asString()).isEqualTo("delivered");
    }

    @Test
    void goneDisablesTheWebhookUntilAnAdministratorEnablesItAndResendsTheDelivery() {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        receiver.then(WebhookReceiver.Answer.status(410));
        Fixtures.Visitor visitor = world.visitor("Gina");
        long conversationId = world.conversationFrom(visitor, "first");

        receiver.next(WAIT);
        WebhookDeliveryFailed gone = outcomes.failed(hook.id(), WAIT);
        assertThat(gone.responseStatus()).isEqualTo(410);
        assertThat(gone.givenUp()).isTrue();
        Api admin = world.admin.api();
        JsonNode webhook = admin.get(world.path("/webhooks/" + hook.id())).json().path("payload").path("webhook");
        assertThat(webhook.path("enabled").asBoolean()).isFalse();
        assertThat(webhook.path("disabled_reason").asString()).contains("410");
        long failedId = deliveries(world, hook).get(0).path("id").asLong();
        assertThat(deliveries(world, hook).get(0).path("status").asString()).isEqualTo("failed");

        // A disabled webhook gets nothing queued: once the reaction to the next message has run, still one delivery.
        visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages", Map.of("content", "second"));
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(deliveries(world, hook)).hasSize(1);
        assertProblem(admin.post(world.path("/webhooks/" + hook.id() + "/deliveries/" + failedId + "/redeliver"), Map.of()),
                409, "webhook_disabled");

        admin.patch(world.path("/webhooks/" + hook.id()), Map.of("enabled", true));
        JsonNode resent = admin.post(world.path("/webhooks/" + hook.id() + "/deliveries/" + failedId + "/redeliver"), Map.of())
                .json().path("payload");
        assertThat(resent.path("status").asString()).isEqualTo("pending");
        WebhookReceiver.Request again = receiver.next(WAIT);
        assertThat(again.json().path("content").asString()).isEqualTo("first");
        assertThat(outcomes.succeeded(hook.id(), WAIT).attempts()).isEqualTo(2);
    }

    @Test
    void anAdministratorResendsADeliveredDeliveryWithTheSameId() {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        world.conversationFrom(world.visitor("Rolf"), "hello");
        String id = receiver.next(WAIT).header("webhook-id");
        outcomes.succeeded(hook.id(), WAIT);
        long deliveryId = deliveries(world, hook).get(0).path("id").asLong();

        Api.Response resent = world.admin.api().post(world.path("/webhooks/" + hook.id() + "/deliveries/" + deliveryId
                + "/redeliver"), Map.of());
        assertThat(resent.status()).as("%s", resent).isEqualTo(200);
        assertThat(receiver.next(WAIT).header("webhook-id")).isEqualTo(id);
        assertThat(outcomes.succeeded(hook.id(), WAIT).attempts()).isEqualTo(2);
        Fixtures.Person agent = world.agent("Anna");
        assertProblem(agent.api().post(world.path("/webhooks/" + hook.id() + "/deliveries/" + deliveryId + "/redeliver"),
                Map.of()), 403, "forbidden");
    }

    @Test
    void theSameEventReactedToTwiceIsDeliveredOnce() {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        long conversationId = world.conversationFrom(world.visitor("Dora"), "only once");
        WebhookReceiver.Request first = receiver.next(WAIT);
        outcomes.succeeded(hook.id(), WAIT);
        long messageId = first.json().path("id").asLong();
        long seq = first.json().path("seq").asLong();

        // The registry redelivers a reaction whose node died: the same event reaches the listener again, twice here.
        for (int i = 0; i < 2; i++) {
            transactions.executeWithoutResult(status -> events.publishEvent(new MessageCreated(world.id(), conversationId,
                    world.inbox.id(), messageId, seq, MessageType.INCOMING, SenderType.CONTACT, null, false, null,
                    java.time.Instant.now())));
        }
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(deliveries(world, hook)).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ?").param(hook.id())
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aRedirectIsNotFollowed() {
        try (WebhookReceiver target = new WebhookReceiver()) {
            Fixtures.World world = fixtures.world();
            Hook hook = subscribe(world, receiver.url());
            receiver.then(new WebhookReceiver.Answer(307, Map.of("Location", target.url("/internal")), "", false));
            world.conversationFrom(world.visitor("Otto"), "hello");

            receiver.next(WAIT);
            WebhookDeliveryFailed failed = outcomes.failed(hook.id(), WAIT);
            assertThat(failed.responseStatus()).isEqualTo(307);
            assertThat(failed.error()).contains("redirected to " + target.url("/internal")).contains("do not follow redirects");
            // A followed redirect happens inside the same call, before the attempt is recorded: nothing reached it.
            assertThat(target.all()).isEmpty();
        }
    }

    @Test
    void manyEventsAtOnceAreEachDeliveredOnce() throws Exception {
        Fixtures.World world = fixtures.world();
        Hook hook = subscribe(world, receiver.url());
        Fixtures.Visitor visitor = world.visitor("Burst");
        long conversationId = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
        int count = 30;
        // Three writers are enough for the worker's deliveries to overlap (up to max-in-flight at once). Each delivery's
        // outcome reaches DeliveryOutcomes after its commit without a second connection (see there).
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Api.Response>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = "m" + i;
            sent.add(pool.submit(() -> visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages",
                    Map.of("content", text))));
        }
        for (Future<Api.Response> f : sent) {
            assertThat(f.get().status()).isEqualTo(200);
        }
        pool.shutdown();
        Set<String> ids = new HashSet<>();
        Set<String> contents = new HashSet<>();
        for (int i = 0; i < count; i++) {
            WebhookReceiver.Request r = receiver.next(WAIT);
            ids.add(r.header("webhook-id"));
            contents.add(r.json().path("content").asString());
        }
        assertThat(ids).hasSize(count);
        assertThat(contents).hasSize(count);
        for (int i = 0; i < count; i++) {
            outcomes.succeeded(hook.id(), WAIT);
        }
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        assertThat(receiver.all()).hasSize(count);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM webhook_delivery WHERE webhook_id = ? AND status = 'delivered'")
                .param(hook.id()).query(Integer.class).single()).isEqualTo(count);
    }
}
