package dev.baton.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node that commits a visitor's answer and dies before its bot reacts loses nothing: the reaction was
 * recorded with the answer (Spring Modulith's event publication registry), and another node, or the same
 * node started again, runs it exactly once. The dying node is one whose reaction executor takes the work
 * and never runs it, as a node killed between commit and reaction would.
 */
class StoryReactionRecoveryIntegrationTests {

    private static final String STORY = """
            {'start': 'name', 'steps': {
              'name': {'type': 'ask', 'text': 'Your name?', 'variable': 'first_name', 'next': 'bye'},
              'bye': {'type': 'end', 'text': 'Bye {{first_name}}'}}}""";

    /** The reactions this node takes on and never runs. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DyingNode {
        static final AtomicInteger LOST = new AtomicInteger();

        @Bean(name = "taskExecutor")
        TaskExecutor taskExecutor() {
            return task -> LOST.incrementAndGet();
        }
    }

    private static Map<String, Object> settings(Map<String, String> database) {
        Map<String, Object> settings = new HashMap<>(database);
        settings.put("baton.demo.enabled", "false");
        settings.put("baton.rate-limits.public-requests-per-minute-per-ip", "1000000");
        settings.put("baton.rate-limits.visitor-messages-per-minute", "1000000");
        // A reaction unfinished after two seconds is taken for lost; the sweep looks every half second.
        settings.put("baton.reactions.stale-after", "2s");
        settings.put("baton.reactions.retry-interval", "500ms");
        return settings;
    }

    @Test
    void aReactionLostWithItsNodeRunsExactlyOnceOnAnotherNode() {
        Map<String, Object> settings = settings(TestDatabase.fresh());
        ConfigurableApplicationContext survivor = BatonNodes.start(settings);
        ConfigurableApplicationContext dying = BatonNodes.start(settings, DyingNode.class);
        try {
            Fixtures.World world = Fixtures.on(survivor, BatonNodes.port(survivor)).world();
            Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.json(STORY))));
            Chat chat = Chat.open(world, "Vera");
            chat.awaitBot("Your name?");

            int lostBefore = DyingNode.LOST.get();
            Chat onDyingNode = chat.via(BatonNodes.port(dying));
            onDyingNode.say("Vera");
            assertThat(DyingNode.LOST.get()).as("the dying node took the reaction").isGreaterThan(lostBefore);
            dying.close();

            chat.awaitBot("Bye Vera");
            awaitNoReactionLeft(survivor);
            assertThat(chat.botTexts()).containsExactly("Your name?", "Bye Vera");
        } finally {
            dying.close();
            survivor.close();
        }
    }

    @Test
    void aReactionLostWithItsNodeRunsExactlyOnceWhenTheNodeStartsAgain() {
        Map<String, Object> settings = settings(TestDatabase.fresh());
        ConfigurableApplicationContext first = BatonNodes.start(settings);
        Fixtures.World world = Fixtures.on(first, BatonNodes.port(first)).world();
        Chat.automate(world, Map.of("story_id", Chat.publish(world, Chat.json(STORY))));
        Chat chat = Chat.open(world, "Vera");
        chat.awaitBot("Your name?");
        first.close();

        ConfigurableApplicationContext dying = BatonNodes.start(settings, DyingNode.class);
        chat.via(BatonNodes.port(dying)).say("Vera");
        dying.close();

        ConfigurableApplicationContext restarted = BatonNodes.start(settings);
        try {
            Chat again = chat.via(BatonNodes.port(restarted));
            again.awaitBot("Bye Vera");
            awaitNoReactionLeft(restarted);
            assertThat(again.botTexts()).containsExactly("Your name?", "Bye Vera");
        } finally {
            restarted.close();
        }
    }

    /**
     * The barrier: every recorded reaction completed (completed ones are deleted), so nothing can still
     * answer twice.
     */
    private static void awaitNoReactionLeft(ConfigurableApplicationContext node) {
        JdbcClient jdbc = node.getBean(JdbcClient.class);
        Chat.await(() -> jdbc.sql("SELECT COUNT(*) FROM event_publication").query(Long.class).single(), n -> n == 0,
                "every reaction to complete");
    }
}
