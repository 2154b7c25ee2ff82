package dev.baton.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.SocketClient;
import dev.baton.testing.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node that stops drains its sockets: agents and visitors are closed with 1012 ("service restart"), which the web
 * clients answer by reconnecting at once, through the load balancer, to another node (docs/operations.md).
 */
class GracefulShutdownIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aStoppingNodeClosesEverySocketWithServiceRestart() {
        Map<String, Object> settings = new HashMap<>(TestDatabase.fresh());
        settings.put("baton.demo.enabled", "false");
        ConfigurableApplicationContext node = BatonNodes.start(settings);
        int port = BatonNodes.port(node);
        Fixtures.World world = Fixtures.on(node, port).world();
        Fixtures.Visitor visitor = Fixtures.on(node, port).visitor(world.inbox.identifier(), "Vera");
        world.conversationFrom(visitor, "hello");
        SocketClient agent = SocketClient.agent(port, world.admin.token());
        SocketClient widget = SocketClient.visitor(port, visitor.pubsubToken());
        agent.await("welcome", WAIT);
        widget.await("welcome", WAIT);

        node.close();

        assertThat(agent.awaitClose(WAIT)).isEqualTo(SocketDrain.CLOSE_CODE);
        assertThat(widget.awaitClose(WAIT)).isEqualTo(SocketDrain.CLOSE_CODE);
    }
}
