package dev.baton.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Browser;
import dev.baton.testing.SocketClient;
import dev.baton.testing.TwoNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The production topology for real (deploy/local/run-two-nodes): two Baton processes behind Debian's nginx with
 * the shipped deploy/nginx.conf, sharing PostgreSQL and Redis. Everything goes through nginx, as clients would;
 * the nodes' own ports are used only to read which node holds a socket (their metrics).
 */
class TopologyIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TwoNodes nodes;
    private static Api admin;
    private static long accountId;
    private static String token;

    @BeforeAll
    static void startTopology() throws Exception {
        nodes = TwoNodes.start();
        Browser browser = Browser.signedIn(new Api(nodes.base()), TwoNodes.ADMIN_EMAIL, TwoNodes.ADMIN_PASSWORD);
        JsonNode profile = browser.api().post("/api/v1/profile/reset_access_token", Map.of()).json();
        token = profile.path("access_token").asString();
        admin = new Api(nodes.base()).withToken(token);
        accountId = profile.path("account_id").asLong();
    }

    @AfterAll
    static void stopTopology() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void nginxPassesTheApiAccessTokenHeaderWithItsUnderscore() {
        Api.Response profile = admin.get("/api/v1/profile");
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().path("email").asString()).isEqualTo(TwoNodes.ADMIN_EMAIL);
        assertThat(new Api(nodes.base()).withToken("not-a-token").get("/api/v1/profile").code())
                .isEqualTo("invalid_access_token");
    }

    @Test
    void aVisitorAndAnAgentOnDifferentNodesLoseNothingWhileEachNodeRestartsInTurn() {
        String inbox = liveChatInbox();
        Api visitorApi = new Api(nodes.base());
        JsonNode contact = visitorApi.post("/public/api/v1/inboxes/" + inbox + "/contacts", Map.of("name", "Vera")).json();
        String path = "/public/api/v1/inboxes/" + inbox + "/contacts/" + contact.path("source_id").asString();
        long conversationId = visitorApi.post(path + "/conversations", Map.of()).json().path("id").asLong();
        String messages = path + "/conversations/" + conversationId + "/messages";
        String agentMessages = "/api/v1/accounts/" + accountId + "/conversations/" + conversationId + "/messages";

        Client visitor = new Client(conversationId, () -> SocketClient.visitor(nodes.base(), contact.path("pubsub_token").asString()));
        visitor.connect();
        int visitorNode = nodeHolding("visitor");
        // With the Origin a browser sends: the node must see nginx's port as the request's (X-Forwarded-Port).
        Client agent = new Client(conversationId, () -> SocketClient.agent(nodes.base(), token(), nodes.base()));
        agent.connectElsewhereThan(visitorNode);
        int agentNode = 3 - visitorNode;

        post(visitorApi, messages, "hello from the visitor");
        agent.awaitMessage("hello from the visitor");
        post(admin, agentMessages, "hello from the agent");
        visitor.awaitMessage("hello from the agent");

        // The visitor's node stops (as in a rolling restart): the visitor is told to go elsewhere, and what is
        // said meanwhile reaches them once they are back, on the other node.
        nodes.stopNode(visitorNode);
        assertThat(visitor.socket.awaitClose(WAIT)).isEqualTo(SocketDrain.CLOSE_CODE);
        post(admin, agentMessages, "said while the visitor's node was down");
        post(visitorApi, messages, "sent while my node was down");
        agent.awaitMessage("sent while my node was down");
        visitor.connect();
        visitor.awaitMessage("said while the visitor's node was down");
        nodes.startNode(visitorNode);

        // Then the agent's node: both clients now live there (the visitor reconnected to it), and both come back.
        nodes.stopNode(agentNode);
        assertThat(agent.socket.awaitClose(WAIT)).isEqualTo(SocketDrain.CLOSE_CODE);
        assertThat(visitor.socket.awaitClose(WAIT)).isEqualTo(SocketDrain.CLOSE_CODE);
        post(visitorApi, messages, "anyone there?");
        post(admin, agentMessages, "still here");
        agent.connect();
        visitor.connect();
        agent.awaitMessage("still here");
        visitor.awaitMessage("still here");
        nodes.startNode(agentNode);

        List<String> stored = new ArrayList<>();
        admin.get(agentMessages).json().path("payload").forEach(m -> stored.add(m.path("content").asString()));
        assertThat(stored).containsSubsequence("hello from the visitor", "hello from the agent",
                "said while the visitor's node was down", "sent while my node was down", "anyone there?", "still here");
        assertThat(stored).doesNotHaveDuplicates();
        List<String> everything = List.of("hello from the visitor", "hello from the agent",
                "said while the visitor's node was down", "sent while my node was down", "anyone there?", "still here");
        assertThat(visitor.contents).isEqualTo(everything);
        assertThat(agent.contents).isEqualTo(everything);
    }

    /** A client as the web apps are: it keeps the last seq it saw, resumes from it and drops duplicates by seq. */
    private static final class Client {
        private final long conversationId;
        private final java.util.function.Supplier<SocketClient> opener;
        private final List<String> contents = new ArrayList<>();
        private SocketClient socket;
        private long lastSeq;

        Client(long conversationId, java.util.function.Supplier<SocketClient> opener) {
            this.conversationId = conversationId;
            this.opener = opener;
        }

        void connect() {
            socket = opener.get();
            socket.await("welcome", WAIT);
            socket.send(Map.of("type", "resume", "conversations", Map.of(Long.toString(conversationId), lastSeq)));
        }

        void connectElsewhereThan(int node) {
            for (int attempt = 0; attempt < 10; attempt++) {
                connect();
                if (nodeHolding("agent") != node) {
                    return;
                }
                socket.close();
                awaitSockets(node, "agent", 0);
            }
            throw new AssertionError("nginx never sent the agent's socket to the other node");
        }

        void awaitMessage(String content) {
            while (true) {
                JsonNode event = socket.await(e -> "message.created".equals(e.path("type").asString())
                        && e.path("conversation_id").asLong() == conversationId, WAIT);
                long seq = event.path("seq").asLong();
                if (seq <= lastSeq) {
                    continue; // already seen, before a reconnect
                }
                lastSeq = seq;
                String text = event.path("data").path("content").asString();
                if (!event.path("data").path("private").asBoolean() && event.path("data").path("message_type").asInt() != 2) {
                    contents.add(text);
                }
                if (text.equals(content)) {
                    return;
                }
            }
        }
    }

    private static String token() {
        return token;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A web-widget inbox without a bot, the administrator its agent: a visitor's conversation waits for them. */
    private static String liveChatInbox() {
        JsonNode inbox = admin.post("/api/v1/accounts/" + accountId + "/inboxes", Map.of("name", "Shop " + UUID.randomUUID(),
                "channel", Map.of("type", "web_widget", "website_url", "https://shop.example"))).json();
        long adminId = admin.get("/api/v1/profile").json().path("id").asLong();
        admin.post("/api/v1/accounts/" + accountId + "/inbox_members",
                Map.of("inbox_id", inbox.path("id").asLong(), "user_ids", List.of(adminId)));
        return inbox.path("website_token").asString();
    }

    /** Posts with an echo_id and retries a refused attempt with the same one: the message is stored once. */
    private static void post(Api api, String path, String content) {
        String echo = UUID.randomUUID().toString();
        for (int attempt = 0; ; attempt++) {
            Api.Response response = api.post(path, Map.of("content", content, "echo_id", echo));
            if (response.status() == 200) {
                return;
            }
            if (attempt == 3 || response.status() < 500) {
                throw new AssertionError("message not accepted: " + response);
            }
        }
    }

    /** The node (1 or 2) whose metrics count one socket of that kind. */
    private static int nodeHolding(String kind) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (int n = 1; n <= 2; n++) {
                if (sockets(n, kind) > 0) {
                    return n;
                }
            }
            pause();
        }
        throw new AssertionError("no node counts the " + kind + " socket");
    }

    private static void awaitSockets(int node, String kind, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sockets(node, kind) != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + node + " still counts " + sockets(node, kind) + " " + kind + " sockets");
            }
            pause();
        }
    }

    static double sockets(int node, String kind) {
        String metrics = new Api(nodes.node(node)).withToken(token()).get("/actuator/prometheus").body();
        return metrics.lines().filter(l -> l.startsWith("baton_sockets{") && l.contains("kind=\"" + kind + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
