package dev.baton.webhook;

import static dev.baton.testing.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.DeliveryOutcomes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.OwnDatabaseConfiguration;
import dev.baton.testing.WebhookReceiver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The SSRF guard as it runs in production (private networks not allowed): URLs to loopback, private, link-local
 * and mapped addresses are refused when saved, and a name that rebinds to loopback after the check is refused
 * when the delivery connects, so the receiver listening there gets nothing. The name resolution is a test's
 * resolver that answers like a rebinding DNS server; nothing leaves the machine.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "baton.webhooks.allow-private-networks=false",
                "baton.webhooks.connect-timeout=1s",
                "baton.webhooks.request-timeout=1s"
        })
@Import({OwnDatabaseConfiguration.class, DeliveryOutcomes.class, WebhookSsrfIntegrationTests.RebindingDns.class})
class WebhookSsrfIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** "rebind.test" answers a public address once (the check when saving), then loopback; "*.public.test" a public one. */
    @TestConfiguration(proxyBeanMethods = false)
    static class RebindingDns {

        static final AtomicInteger REBIND_LOOKUPS = new AtomicInteger();

        @Bean
        HostResolver rebindingResolver() {
            return host -> {
                if (host.equals("rebind.test")) {
                    return REBIND_LOOKUPS.getAndIncrement() == 0 ? new InetAddress[] {InetAddress.getByName("93.184.215.14")}
                            : new InetAddress[] {InetAddress.getLoopbackAddress()};
                }
                if (host.endsWith(".public.test")) {
                    return new InetAddress[] {InetAddress.getByName("93.184.215.14")};
                }
                if (host.equals("mixed.test")) {
                    return new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.5")};
                }
                if (host.endsWith(".test")) {
                    throw new UnknownHostException(host);
                }
                return InetAddress.getAllByName(host);
            };
        }
    }

    @Autowired
    private DeliveryOutcomes outcomes;

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost:8080/hook", "http://10.1.2.3/hook",
            "http://192.168.0.10/hook", "http://172.20.0.1/hook", "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0/hook", "http://100.64.1.1/hook", "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook",
            "http://[::ffff:a9fe:a9fe]/hook", "http://[fd00::1]/hook", "http://[fe80::1]/hook", "https://mixed.test/hook"})
    void aUrlToAPrivateAddressIsRefusedWhenSaved(String url) {
        Fixtures.World world = fixtures.world();
        assertFieldProblem(world.admin.api().post(world.path("/webhooks"), Map.of("url", url,
                "subscriptions", List.of("message_created"))), 422, "validation_failed", "url", "private_address");
        assertThat(world.admin.api().get(world.path("/webhooks")).json().path("payload").path("webhooks")).isEmpty();
    }

    @Test
    void anApiInboxsWebhookUrlToAPrivateAddressIsRefusedAndTheInboxStaysAsItWas() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        assertFieldProblem(admin.post(world.path("/inboxes"), Map.of("name", "App", "channel",
                Map.of("type", "api", "webhook_url", "http://127.0.0.1:9/hook"))), 422, "validation_failed",
                "channel.webhook_url", "private_address");
        Api.Response created = admin.post(world.path("/inboxes"), Map.of("name", "App", "channel",
                Map.of("type", "api", "webhook_url", "https://hooks.public.test/app")));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        long inboxId = created.json().path("id").asLong();
        assertFieldProblem(admin.patch(world.path("/inboxes/" + inboxId), Map.of("channel",
                Map.of("webhook_url", "http://169.254.169.254/latest"))), 422, "validation_failed", "channel.webhook_url",
                "private_address");
        assertThat(admin.get(world.path("/inboxes/" + inboxId)).json().path("webhook_url").asString())
                .isEqualTo("https://hooks.public.test/app");
        assertThat(admin.get(world.path("/inboxes/" + inboxId + "/webhook")).json().path("payload").path("webhook")
                .path("url").asString()).isEqualTo("https://hooks.public.test/app");
        assertThat(admin.get(world.path("/inboxes")).json().toString()).doesNotContain("169.254");
    }

    @Test
    void aUrlWhoseHostDoesNotResolveIsRefused() {
        Fixtures.World world = fixtures.world();
        assertFieldProblem(world.admin.api().post(world.path("/webhooks"), Map.of("url", "https://nowhere.test/hook",
                "subscriptions", List.of("message_created"))), 422, "validation_failed", "url", "unresolvable");
    }

    @Test
    void aPublicAddressIsAcceptedAndAChangeToAPrivateOneIsRefused() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        // Saved only: this account sends nothing, so nothing is ever sent there.
        Api.Response created = admin.post(world.path("/webhooks"), Map.of("url", "https://hooks.public.test/in",
                "subscriptions", List.of("agent_status_changed"), "name", "never sent"));
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        long id = created.json().path("payload").path("webhook").path("id").asLong();
        assertFieldProblem(admin.patch(world.path("/webhooks/" + id), Map.of("url", "http://127.0.0.1:9/x")), 422,
                "validation_failed", "url", "private_address");
        assertThat(admin.get(world.path("/webhooks/" + id)).json().path("payload").path("webhook").path("url").asString())
                .isEqualTo("https://hooks.public.test/in");
        admin.delete(world.path("/webhooks/" + id));
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsRefusedWhenTheDeliveryConnects() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Fixtures.World world = fixtures.world();
            int port = java.net.URI.create(receiver.url()).getPort();
            RebindingDns.REBIND_LOOKUPS.set(0);
            Api.Response created = world.admin.api().post(world.path("/webhooks"), Map.of("url",
                    "http://rebind.test:" + port + "/hook", "subscriptions", List.of("message_created")));
            assertThat(created.status()).as("%s", created).isEqualTo(200);
            long id = created.json().path("payload").path("webhook").path("id").asLong();

            world.conversationFrom(world.visitor("Eve"), "hello");
            WebhookDeliveryFailed refused = outcomes.failed(id, WAIT);
            assertThat(refused.error()).startsWith("refused: rebind.test resolves to a loopback address");
            assertThat(refused.responseStatus()).isNull();
            // The address is checked in the same call that would connect, before the attempt is recorded.
            assertThat(receiver.all()).isEmpty();
            assertThat(RebindingDns.REBIND_LOOKUPS.get()).isGreaterThanOrEqualTo(2);
        }
    }
}
