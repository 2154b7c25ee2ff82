package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.RecordedStatements;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static dev.baton.testing.RecordedStatements.count;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What the visitor's "talk to a person" costs the database (issue 15, P4; ADR 0073): one transaction from the visitor's
 * lookup to the handoff's row, in which the inbox and the conversation are read once, the conversation written once,
 * and the handoff inserted and not read back.
 */
@Import({RecordedStatements.class, VisitorHandoffStatementsIntegrationTests.HandoffThreads.class})
class VisitorHandoffStatementsIntegrationTests extends IntegrationTest {

    @Autowired
    RecordedStatements recorded;

    @Autowired
    HandoffThreads threads;

    /** The thread each handoff was requested on. */
    @TestConfiguration
    static class HandoffThreads {
        final Map<Long, Thread> byConversation = new ConcurrentHashMap<>();

        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        void on(HandoffRequested e) {
            byConversation.put(e.conversationId(), Thread.currentThread());
        }
    }

    @Test
    void aVisitorsHandoffIsOneTransactionThatReadsEachRowOnceAndDoesNotReadItsHandoffBack() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Hana");
        long conversationId = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
        Api.Response message = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages",
                Map.of("content", "I would like to talk to a person"));
        assertThat(message.status()).as(message.body()).isEqualTo(200);
        recorded.clear();

        Api.Response asked = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/handoff", Map.of());

        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().path("state").asText()).isEqualTo(Handoff.WAITING);
        Thread request = threads.byConversation.get(conversationId);
        assertThat(request).isNotNull();
        List<RecordedStatements.Prepared> prepared = recorded.of(request);
        List<String> statements = recorded.sqlOf(request);
        assertThat(prepared).as("statements outside the transaction in %s", statements)
                .allMatch(RecordedStatements.Prepared::transaction);
        assertThat(count(statements, "commit")).as("commits in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from inbox where id = ")).as("inbox reads by id in %s", statements).isZero();
        assertThat(count(statements, "from inbox where identifier")).as("inbox reads in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from conversation where id = ? and account_id = ? for update"))
                .as("conversation locks in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from conversation where id = ? for update")).as("locks in %s", statements).isZero();
        assertThat(count(statements, "update conversation ")).as("conversation writes in %s", statements).isEqualTo(1);
        assertThat(count(statements, "insert into handoff ")).as("handoff inserts in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from handoff where")).as("handoff reads in %s", statements).isZero();
        assertThat(statements).as("statements, the commit included").hasSizeLessThanOrEqualTo(26);
    }
}
