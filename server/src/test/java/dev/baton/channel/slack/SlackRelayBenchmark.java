package dev.baton.channel.slack;

import static org.awaitility.Awaitility.await;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Not a test (no Tests suffix: the suites never run it; it asserts nothing): measures the visitor → Slack relay,
 * from a visitor's POST …/messages until the fake Slack receives the chat.postMessage, against a plain
 * chat.postMessage to the same fake with the same SDK from the same JVM. Run with
 * {@code /work/wt/run-it SlackRelayBenchmark}; figures in BENCHMARKS.md.
 */
class SlackRelayBenchmark extends IntegrationTest {

    static final FakeSlack SLACK = new FakeSlack("bench-signing-secret-0123456789");

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-url", SLACK::apiUrl);
        registry.add("baton.slack.signing-secret", () -> SLACK.signingSecret);
        registry.add("baton.slack.encryption-key", () -> "bench-key");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void measure() throws Exception {
        Fixtures.World world = fixtures.world();
        String token = SLACK.token();
        FakeSlack.Channel requests = SLACK.channel("bench-requests", false, false);
        Fixtures.Person agent = world.agent("Bench Agent");
        FakeSlack.User user = SLACK.user("Bench", agent.email());
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        world.admin.api().put(base, Map.of("bot_token", token));
        world.admin.api().put(base + "/channel", Map.of("channel_id", requests.id));
        Fixtures.Visitor visitor = world.visitor("Bench Visitor");
        long conversation = world.conversationFrom(visitor, "hello");
        visitor.api().post(visitor.path() + "/conversations/" + conversation + "/handoff", Map.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> !SLACK.messagesIn(requests.id).isEmpty());
        long handoff = jdbc.sql("SELECT id FROM handoff WHERE conversation_id = ?").param(conversation).query(Long.class).single();
        SLACK.click("http://127.0.0.1:" + port, user.id(), requests.id, SLACK.messagesIn(requests.id).getFirst().ts, "lc_accept",
                String.valueOf(handoff));
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT channel_id FROM slack_room WHERE conversation_id = ?")
                .param(conversation).query(String.class).optional().orElse(null) != null);
        String room = jdbc.sql("SELECT channel_id FROM slack_room WHERE conversation_id = ?").param(conversation).query(String.class).single();

        List<Long> relay = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            String text = "bench-" + i;
            long started = System.nanoTime();
            visitor.api().post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", text));
            while (SLACK.calls.stream().noneMatch(c -> text.equals(c.params().get("text")))) {
                Thread.onSpinWait();
            }
            if (i >= 50) {
                relay.add(System.nanoTime() - started);
            }
        }
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(SLACK.apiUrl());
        var methods = Slack.getInstance(config).methods(token);
        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            long started = System.nanoTime();
            methods.chatPostMessage(b -> b.channel(room).text("plain"));
            if (i >= 50) {
                plain.add(System.nanoTime() - started);
            }
        }
        System.out.println("SLACK-BENCH relay visitor→Slack (200 samples): " + summary(relay));
        System.out.println("SLACK-BENCH plain SDK chat.postMessage (200 samples): " + summary(plain));
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99),
                sorted.getLast() / 1e6);
    }

    private static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
