package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testing.Api;
import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.Reactions;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nodes sharing one database relay a visitor to Slack (issue 13, adr/0041): the {@code slack_call} outbox outlives
 * the node that wrote it. A call written by a node that stops before sending is sent by another, once and in its
 * place; a node that dies in the middle of {@code chat.postMessage} leaves the call to the next node after its
 * lease, and as Slack has no idempotency key for it, the channel shows that text twice, still in order.
 */
class SlackNodesIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    private final FakeSlack slack = new FakeSlack("nodes-signing-secret-0123456789");

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
        slack.close();
    }

    private ConfigurableApplicationContext start(Map<String, String> database, boolean worker) {
        if (TestDatabase.isPostgres()) {
            TestDatabase.requireService("BATON_TEST_POSTGRES_URL");
        }
        Map<String, Object> s = new HashMap<>(database);
        s.put("baton.demo.enabled", "false");
        s.put("baton.rate-limits.public-requests-per-minute-per-ip", "1000000");
        s.put("baton.rate-limits.visitor-messages-per-minute", "1000000");
        s.put("baton.slack.api-url", slack.apiUrl());
        s.put("baton.slack.signing-secret", slack.signingSecret);
        s.put("baton.slack.encryption-key", "test-key-for-slack-tokens");
        s.put("baton.slack.worker-enabled", String.valueOf(worker));
        s.put("baton.slack.poll-interval", "200ms");
        s.put("baton.slack.retry-base", "200ms");
        s.put("baton.slack.lease", "3s");
        ConfigurableApplicationContext node = BatonNodes.start(s);
        nodes.add(node);
        return node;
    }

    private void close(ConfigurableApplicationContext node) {
        node.close();
        nodes.remove(node);
    }

    /** A visitor whose conversation Anna accepted in Slack on {@code node}: its channel holds the context message. */
    private final class Relay {
        final ConfigurableApplicationContext node;
        final Fixtures.World world;
        final Fixtures.Visitor visitor;
        final long conversation;
        final String room;
        final FakeSlack.User anna;

        Relay(ConfigurableApplicationContext node) {
            this.node = node;
            int port = BatonNodes.port(node);
            world = Fixtures.on(node, port).world();
            FakeSlack.Channel requests = slack.channel("live-chat-" + world.id(), false, false);
            anna = slack.user("Anna", world.agent("Anna Meier").email());
            String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
            assertThat(world.admin.api().put(base, Map.of("bot_token", slack.token())).status()).isEqualTo(200);
            assertThat(world.admin.api().put(base + "/channel", Map.of("channel_id", requests.id)).status()).isEqualTo(200);
            visitor = world.visitor("Vera Muster");
            conversation = world.conversationFrom(visitor, "My invoice 42 is wrong");
            assertThat(visitor.api().post(visitor.path() + "/conversations/" + conversation + "/handoff", Map.of()).status()).isLessThan(300);
            await().atMost(WAIT).until(() -> !slack.messagesIn(requests.id).isEmpty());
            long handoff = jdbc().sql("SELECT id FROM handoff WHERE conversation_id = ?").param(conversation).query(Long.class).single();
            slack.click("http://127.0.0.1:" + port, anna.id(), requests.id, slack.messagesIn(requests.id).getFirst().ts, "lc_accept",
                    String.valueOf(handoff));
            await().atMost(WAIT).until(() -> roomId() != null);
            room = roomId();
            await().atMost(WAIT).until(() -> slack.messagesIn(room).size() == 1);
        }

        JdbcClient jdbc() {
            return node.getBean(JdbcClient.class);
        }

        String roomId() {
            return jdbc().sql("SELECT channel_id FROM slack_room WHERE conversation_id = ?").param(conversation).query(String.class)
                    .optional().orElse(null);
        }

        /** The visitor writes through {@code via}, as a visitor reconnected to another node would. */
        void say(ConfigurableApplicationContext via, String text) {
            Api api = new Api(BatonNodes.port(via));
            assertThat(api.post(visitor.path() + "/conversations/" + conversation + "/messages", Map.of("content", text)).status())
                    .isLessThan(300);
        }

        /** The visitor's messages in the channel after the context message, once {@code last} has arrived. */
        List<String> relayedUntil(String last) {
            await().atMost(WAIT).until(() -> relayed().contains(last));
            return relayed();
        }

        List<String> relayed() {
            return slack.messagesIn(room).stream().skip(1).map(m -> m.text).toList();
        }
    }

    @Test
    void aRelayedMessageWrittenByANodeThatStopsBeforeSendingIsSentByAnotherOnceAndInOrder() {
        Map<String, String> database = TestDatabase.fresh();
        ConfigurableApplicationContext first = start(database, true);
        Relay relay = new Relay(first);
        relay.say(first, "before");
        assertThat(relay.relayedUntil("before")).containsExactly("before");
        close(first);

        ConfigurableApplicationContext writer = start(database, false);
        relay.say(writer, "written before the node stopped");
        JdbcClient jdbc = writer.getBean(JdbcClient.class);
        Reactions.awaitSettled(jdbc, relay.world.id(), WAIT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM slack_call WHERE op = 'post_message' AND status = 'pending' AND payload LIKE ?")
                .param("%written before the node stopped%").query(Integer.class).single()).isEqualTo(1);
        close(writer);

        ConfigurableApplicationContext sender = start(database, true);
        relay.relayedUntil("written before the node stopped");
        relay.say(sender, "after");
        assertThat(relay.relayedUntil("after")).containsExactly("before", "written before the node stopped", "after");
    }

    @Test
    void aNodeThatDiesDuringChatPostMessageLeavesTheCallToTheNextNodeAndSlackShowsTheTextTwiceInOrder() {
        Map<String, String> database = TestDatabase.fresh();
        ConfigurableApplicationContext first = start(database, true);
        Relay relay = new Relay(first);
        relay.say(first, "before");
        relay.relayedUntil("before");
        slack.hold("chat.postMessage"); // Slack posts it, but its answer never reaches the node
        relay.say(first, "sent while the node died");
        relay.relayedUntil("sent while the node died");
        close(first); // mid-call: the node never records that the call was made

        ConfigurableApplicationContext second = start(database, true);
        relay.say(second, "after");
        // Slack has no idempotency key for chat.postMessage (adr/0041): the next node makes the call again after
        // the lease, and the message after it waits for it, so the order holds.
        assertThat(relay.relayedUntil("after")).containsExactly("before", "sent while the node died", "sent while the node died", "after");
        JdbcClient jdbc = second.getBean(JdbcClient.class);
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT COUNT(*) FROM slack_call WHERE status <> 'done'").query(Integer.class).single() == 0);
    }

    @Test
    void aNodeThatDiesDownloadingAFileFromSlackLeavesItToTheNextNodeAndTheVisitorGetsItOnceBeforeTheTextAfterIt() {
        Map<String, String> database = TestDatabase.fresh();
        ConfigurableApplicationContext first = start(database, true);
        Relay relay = new Relay(first);
        String baton = "http://127.0.0.1:" + BatonNodes.port(first);
        slack.hold("file.download"); // the node dies while Slack's file host is still sending
        assertThat(slack.message(baton, "EvDie1", relay.room, relay.anna.id(), "The form", Map.of("subtype", "file_share",
                "files", List.of(slack.share("form.png", "image/png", SlackBridgeIntegrationTests.png(5000)))), Map.of()).status())
                .isEqualTo(200);
        assertThat(slack.message(baton, "EvDie2", relay.room, relay.anna.id(), "and after it", Map.of(), Map.of()).status())
                .isEqualTo(200);
        await().atMost(WAIT).until(slack::holding);
        close(first);

        ConfigurableApplicationContext second = start(database, true);
        Api visitor = new Api(BatonNodes.port(second));
        List<String> seen = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            seen.clear();
            JsonNode messages = visitor.get(relay.visitor.path() + "/conversations/" + relay.conversation + "/messages").json();
            (messages.isArray() ? messages : messages.path("payload")).forEach(m ->
                    seen.add(m.path("content").asString("") + "|" + m.path("attachments").size()));
            return seen.contains("and after it|0");
        });
        assertThat(seen).containsSubsequence("The form|1", "and after it|0");
        assertThat(seen.stream().filter(m -> m.startsWith("The form"))).hasSize(1);
        assertThat(slack.calls("file.download")).hasSize(2);
    }
}
