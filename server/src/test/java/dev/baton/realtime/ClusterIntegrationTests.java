package dev.baton.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.SocketClient;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two Baton nodes sharing one database and one Redis: what happens on one node reaches the sockets
 * connected to the other (ARCHITECTURE.md section 6).
 */
class ClusterIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        Map<String, Object> properties = dev.baton.testing.BatonNodes.clusterSettings(TestDatabase.properties());
        nodeA = dev.baton.testing.BatonNodes.start(properties);
        nodeB = dev.baton.testing.BatonNodes.start(properties);
    }

    @AfterAll
    static void stopNodes() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    private static int port(ConfigurableApplicationContext node) {
        return dev.baton.testing.BatonNodes.port(node);
    }

    @Test
    void aVisitorWithWidgetsOnBothNodesStaysOnlineUntilTheLastOneCloses() {
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Fixtures.Visitor visitor = Fixtures.on(nodeB, port(nodeB)).visitor(world.inbox.identifier(), "Vera");
        long conversationId = world.conversationFrom(visitor, "hello");
        Api agentOnA = new Api(port(nodeA)).withToken(world.admin.token());
        try (SocketClient agentOnB = SocketClient.agent(port(nodeB), world.admin.token())) {
            agentOnB.send(Map.of("type", "resume", "conversations", Map.of()));
            agentOnB.await("resumed", WAIT);
            SocketClient onA = SocketClient.visitor(port(nodeA), visitor.pubsubToken());
            assertThat(agentOnB.await("visitor.presence_changed", WAIT).path("data").path("online").asBoolean()).isTrue();
            try (SocketClient onB = SocketClient.visitor(port(nodeB), visitor.pubsubToken())) {
                onB.await("welcome", WAIT);
                onA.close();
                assertThat(agentOnB.drain(Duration.ofSeconds(1)))
                        .noneMatch(e -> "visitor.presence_changed".equals(e.path("type").asString()));
                assertThat(visitorOnline(agentOnA, world, conversationId)).isTrue();
            }
            assertThat(agentOnB.await("visitor.presence_changed", WAIT).path("data").path("online").asBoolean()).isFalse();
            assertThat(visitorOnline(agentOnA, world, conversationId)).isFalse();
        }
    }

    @Test
    void manyVisitorsOpeningTheirWidgetsAtOnceAreEachCountedAndAnnouncedOnce() throws Exception {
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Map<Long, Long> conversationOfContact = new java.util.HashMap<>();
        List<Fixtures.Visitor> visitors = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Fixtures.Visitor visitor = Fixtures.on(nodeA, port(nodeA)).visitor(world.inbox.identifier(), "V" + i);
            conversationOfContact.put(visitor.contactId(), world.conversationFrom(visitor, "hello"));
            visitors.add(visitor);
        }
        Api agentOnB = new Api(port(nodeB)).withToken(world.admin.token());
        List<SocketClient> widgets = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (SocketClient agentOnA = SocketClient.agent(port(nodeA), world.admin.token());
             var opening = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            agentOnA.send(Map.of("type", "resume", "conversations", Map.of()));
            agentOnA.await("resumed", WAIT);
            List<java.util.concurrent.Future<?>> opened = new java.util.ArrayList<>();
            for (Fixtures.Visitor visitor : visitors) { // all at once: their opens are counted in a few batches
                opened.add(opening.submit(() -> widgets.add(SocketClient.visitor(port(nodeA), visitor.pubsubToken()))));
            }
            for (var future : opened) {
                future.get();
            }
            Map<Long, Integer> announced = new java.util.HashMap<>();
            while (announced.size() < visitors.size()) {
                JsonNode event = agentOnA.await("visitor.presence_changed", WAIT);
                assertThat(event.path("data").path("online").asBoolean()).isTrue();
                long contactId = event.path("data").path("contact_id").asLong();
                assertThat(event.path("data").path("conversation_ids").valueStream().map(JsonNode::asLong))
                        .containsExactly(conversationOfContact.get(contactId));
                announced.merge(contactId, 1, Integer::sum);
            }
            assertThat(announced).containsOnlyKeys(conversationOfContact.keySet()).allSatisfy((contact, times) ->
                    assertThat(times).isEqualTo(1));
            for (long conversationId : conversationOfContact.values()) {
                assertThat(visitorOnline(agentOnB, world, conversationId)).isTrue();
            }
        } finally {
            widgets.forEach(SocketClient::close);
        }
    }

    @Test
    void aNodeThatStopsCountsItsVisitorsSocketsDownBeforeItsConnectionPoolCloses() {
        ConfigurableApplicationContext nodeC = dev.baton.testing.BatonNodes.start(
                dev.baton.testing.BatonNodes.clusterSettings(TestDatabase.properties()));
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Fixtures.Visitor visitor = Fixtures.on(nodeA, port(nodeA)).visitor(world.inbox.identifier(), "Sue");
        long conversationId = world.conversationFrom(visitor, "hello");
        Api agentOnA = new Api(port(nodeA)).withToken(world.admin.token());
        SocketClient onC = SocketClient.visitor(port(nodeC), visitor.pubsubToken());
        try {
            onC.await("welcome", WAIT);
            assertThat(visitorOnline(agentOnA, world, conversationId)).isTrue();
            nodeC.close(); // drains its sockets: the visitor's close is counted before the node's pool closes
            assertThat(visitorOnline(agentOnA, world, conversationId)).isFalse();
        } finally {
            onC.close();
            nodeC.close();
        }
    }

    private static boolean visitorOnline(Api agent, Fixtures.World world, long conversationId) {
        return agent.get("/api/v1/accounts/" + world.id() + "/conversations/" + conversationId).json()
                .path("visitor_online").asBoolean();
    }

    @Test
    void anAgentRemovedFromAnInboxOnOneNodeStopsGettingItsEventsOnTheOtherAtOnce() {
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Fixtures.Person ben = world.agent("Ben");
        Fixtures.Visitor visitor = Fixtures.on(nodeB, port(nodeB)).visitor(world.inbox.identifier(), "Ida");
        long conversationId = world.conversationFrom(visitor, "first");
        try (SocketClient benOnB = SocketClient.agent(port(nodeB), ben.token());
             SocketClient adminOnB = SocketClient.agent(port(nodeB), world.admin.token())) {
            for (SocketClient socket : List.of(benOnB, adminOnB)) {
                socket.send(Map.of("type", "resume", "conversations", Map.of()));
                socket.await("resumed", WAIT);
            }
            String messages = visitor.path() + "/conversations/" + conversationId + "/messages";
            visitor.api().post(messages, Map.of("content", "before"));
            benOnB.await(e -> "before".equals(e.path("data").path("content").asString()), WAIT); // node B knows Ben now

            Api adminOnA = new Api(port(nodeA)).withToken(world.admin.token());
            assertThat(adminOnA.delete("/api/v1/accounts/" + world.id() + "/inbox_members",
                    Map.of("inbox_id", world.inbox.id(), "user_ids", List.of(ben.id()))).status()).isEqualTo(200);
            visitor.api().post(messages, Map.of("content", "after"));
            adminOnB.await(e -> "after".equals(e.path("data").path("content").asString()), WAIT);

            // Barrier: a pong leaves Ben's socket after anything queued for it before.
            benOnB.send(Map.of("type", "ping"));
            benOnB.await("pong", WAIT);
            assertThat(benOnB.drain(Duration.ZERO)).noneMatch(e -> "after".equals(e.path("data").path("content").asString()));
        }
    }

    @Test
    void anAgentSignedOutEverywhereOnOneNodeLosesTheirWorkspaceSocketsOnTheOther() {
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Fixtures.Person ben = world.agent("Ben");
        try (SocketClient benOnB = SocketClient.agent(port(nodeB), ben.token());
             SocketClient adminOnB = SocketClient.agent(port(nodeB), world.admin.token())) {
            for (SocketClient socket : List.of(benOnB, adminOnB)) {
                socket.send(Map.of("type", "resume", "conversations", Map.of()));
                socket.await("resumed", WAIT);
            }
            Api adminOnA = new Api(port(nodeA)).withToken(world.admin.token());
            assertThat(adminOnA.delete("/api/v1/accounts/" + world.id() + "/agents/" + ben.id() + "/sessions").status())
                    .isEqualTo(204);
            assertThat(benOnB.awaitClose(WAIT)).isEqualTo(4401);
            adminOnB.send(Map.of("type", "ping"));
            adminOnB.await("pong", WAIT); // the administrator's own socket is untouched
        }
    }

    @Test
    void eventsCommittedOnOneNodeReachSocketsOnTheOther() {
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Fixtures onB = Fixtures.on(nodeB, port(nodeB));
        try (SocketClient agentOnA = SocketClient.agent(port(nodeA), world.admin.token())) {
            agentOnA.send(Map.of("type", "resume", "conversations", Map.of()));
            agentOnA.await("resumed", WAIT);

            Fixtures.Visitor visitorOnB = onB.visitor(world.inbox.identifier(), "Ida");
            long conversationId = visitorOnB.api().post(visitorOnB.path() + "/conversations", Map.of()).json().path("id").asLong();
            try (SocketClient visitorSocketOnB = SocketClient.visitor(port(nodeB), visitorOnB.pubsubToken())) {
                visitorSocketOnB.send(Map.of("type", "resume", "conversations", Map.of()));
                visitorSocketOnB.await("resumed", WAIT);

                visitorOnB.api().post(visitorOnB.path() + "/conversations/" + conversationId + "/messages",
                        Map.of("content", "written on node B"));
                JsonNode seenOnA = agentOnA.await(e -> "written on node B".equals(e.path("data").path("content").asString()), WAIT);
                assertThat(seenOnA.path("conversation_id").asLong()).isEqualTo(conversationId);

                Api agentApiOnA = new Api(port(nodeA)).withToken(world.admin.token());
                agentApiOnA.post("/api/v1/accounts/" + world.id() + "/conversations/" + conversationId + "/toggle_typing_status",
                        Map.of("typing_status", "on"));
                visitorSocketOnB.await("conversation.typing_on", WAIT);
                agentApiOnA.post("/api/v1/accounts/" + world.id() + "/conversations/" + conversationId + "/messages",
                        Map.of("content", "answered on node A"));
                JsonNode seenOnB = visitorSocketOnB.await(e -> "answered on node A".equals(e.path("data").path("content").asString()), WAIT);
                assertThat(seenOnB.path("seq").asLong()).isGreaterThan(seenOnA.path("seq").asLong());
            }
        }
    }

    @Test
    void burstOfMessagesFromBothNodesArrivesOnceEachAndInSeqOrder() {
        Fixtures.World world = Fixtures.on(nodeA, port(nodeA)).world();
        Fixtures.Visitor visitor = Fixtures.on(nodeB, port(nodeB)).visitor(world.inbox.identifier(), "Burst");
        long conversationId = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
        Api onA = new Api(port(nodeA)).withToken(world.admin.token());
        try (SocketClient agentOnB = SocketClient.agent(port(nodeB), world.admin.token())) {
            agentOnB.send(Map.of("type", "resume", "conversations", Map.of()));
            agentOnB.await("resumed", WAIT);
            List<Thread> writers = List.of(
                    Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < 20; i++) {
                            onA.post("/api/v1/accounts/" + world.id() + "/conversations/" + conversationId + "/messages",
                                    Map.of("content", "a" + i));
                        }
                    }),
                    Thread.ofPlatform().start(() -> {
                        for (int i = 0; i < 20; i++) {
                            visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages",
                                    Map.of("content", "b" + i));
                        }
                    }));
            for (Thread writer : writers) {
                writer.join();
            }
            agentOnB.await(e -> "a19".equals(e.path("data").path("content").asString()), WAIT);
            agentOnB.await(e -> "b19".equals(e.path("data").path("content").asString()), WAIT);
            List<JsonNode> rest = agentOnB.drain(Duration.ofMillis(500));
            // Everything else that arrived (the two awaited are consumed): 38 more, none twice, in seq order.
            List<Long> seqs = rest.stream().filter(e -> "message.created".equals(e.path("type").asString()))
                    .map(e -> e.path("seq").asLong()).toList();
            assertThat(seqs).hasSize(38).doesNotHaveDuplicates();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
