package dev.baton.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The public API's rate limits (Bucket4j): messages per visitor and requests per client address. This
 * suite runs its own server with low limits. All its requests come from one address, so the test that
 * exhausts the address's allowance runs last.
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=40",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.rate-limits.visitor-messages-per-minute=3",
                "logging.level.dev.baton=INFO"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicRateLimitsIntegrationTests extends IntegrationTest {

    @Test
    @Order(1)
    void aVisitorOverTheMessageLimitGets429AndTheMessageIsNotStored() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Flo");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong(); // 1 of 3
        assertThat(post(visitor, id, "one").status()).isEqualTo(200);
        assertThat(post(visitor, id, "two").status()).isEqualTo(200);

        Api.Response limited = post(visitor, id, "three");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.header("Retry-After")).isNotNull();
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        Api.Response newConversation = visitor.api().post(visitor.path() + "/conversations", Map.of());
        assertThat(newConversation.status()).isEqualTo(429);

        assertThat(world.admin.api().get(world.path("/conversations/" + id + "/messages")).json().path("payload")
                .valueStream().map(m -> m.path("content").asString()).toList()).containsExactly("one", "two");
        assertThat(visitor.api().get(visitor.path() + "/conversations").json().valueStream().toList()).hasSize(1);

        // Another visitor has their own allowance.
        Fixtures.Visitor other = world.visitor("Gus");
        long otherId = other.api().post(other.path() + "/conversations", Map.of()).json().path("id").asLong();
        assertThat(post(other, otherId, "hello").status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aClientAddressOverTheRequestLimitGets429AndNothingIsStored() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Hal");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();

        Api.Response limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            Api.Response r = anonymous.get("/public/api/v1/inboxes/" + world.inbox.identifier());
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(limited).as("no 429 within 200 requests").isNotNull();
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);

        Api.Response message = post(visitor, id, "lost?");
        assertThat(message.status()).isEqualTo(429);
        assertThat(message.code()).isEqualTo("rate_limited");
        assertThat(anonymous.post("/public/api/v1/inboxes/" + world.inbox.identifier() + "/contacts", Map.of()).status())
                .isEqualTo(429);

        // The agents' API is not the public API's allowance.
        Api.Response stored = world.admin.api().get(world.path("/conversations/" + id + "/messages"));
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().path("payload").valueStream().toList()).isEmpty();
    }

    private static Api.Response post(Fixtures.Visitor visitor, long conversationId, String content) {
        return visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages", Map.of("content", content));
    }
}
