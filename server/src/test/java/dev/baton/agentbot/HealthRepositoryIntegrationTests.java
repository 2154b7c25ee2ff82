package dev.baton.agentbot;

import static dev.baton.testing.Concurrently.atOnce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** A bot's failures in a row, counted by transactions that run at the same time, as the durable reactions do. */
class HealthRepositoryIntegrationTests extends IntegrationTest {

    @Autowired
    private HealthRepository health;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void failuresRecordedAtOnceForABotWithoutAHealthRowAreEachCountedOnce() throws Exception {
        Fixtures.World world = fixtures.world();
        long botId = bot(world);
        int writers = 6;
        List<Integer> answered = atOnce(writers, i -> transactions.execute(tx -> health.recordFailure(botId, Instant.now())));

        // Each transaction took the row's lock in turn: the answers are 1 to 6, none lost to a duplicate key.
        assertThat(answered).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, writers).boxed().toList());
        Integer next = transactions.execute(tx -> health.recordFailure(botId, Instant.now()));
        assertThat(next).isEqualTo(writers + 1);
    }

    @Test
    void repliesExpectedAtOnceInOneConversationKeepTheFirstDeadlineAndLeaveEachTransactionUsable() throws Exception {
        Fixtures.World world = fixtures.world();
        long botId = bot(world);
        long conversationId = world.conversationFrom(world.visitor("Vera"), "Hello");
        Instant base = Instant.parse("2026-12-04T12:00:00Z");
        List<Optional<HealthRepository.Due>> seen = atOnce(6, i -> transactions.execute(tx -> {
            health.expectReply(conversationId, world.id(), botId, base.plusSeconds(i));
            return health.due(conversationId); // a statement after the insert, in the same transaction
        }));

        assertThat(seen).allSatisfy(due -> assertThat(due).isPresent());
        Instant kept = health.due(conversationId).orElseThrow().dueAt();
        assertThat(seen).allSatisfy(due -> assertThat(due.orElseThrow().dueAt()).isEqualTo(kept));
    }

    private long bot(Fixtures.World world) {
        return world.admin.api().post(world.path("/agent_bots"), Map.of("name", "Flaky", "outgoing_url",
                "http://127.0.0.1:9/bot")).json().path("id").asLong();
    }
}
