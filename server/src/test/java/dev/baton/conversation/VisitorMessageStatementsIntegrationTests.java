package dev.baton.conversation;

import static dev.baton.testing.RecordedStatements.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.RecordedStatements;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What a visitor's message costs the database (issue 15, P2): its request reads the inbox, the conversation and the
 * sender once each, does not read back the message it wrote nor look for attachments it was not sent with, and
 * writes the conversation's row once, with the time since which the visitor waits. Its echo_id is checked by the
 * insert itself, the account's settings come from the node's cache, and the contact's last activity is written
 * once a minute, not once a message (docs/adr/0069).
 */
@Import({RecordedStatements.class, VisitorMessageStatementsIntegrationTests.Recorder.class})
class VisitorMessageStatementsIntegrationTests extends IntegrationTest {

    @Autowired
    Recorder recorder;

    @Autowired
    RecordedStatements recorded;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private java.time.Instant waitingSince(long conversationId) {
        return jdbc.sql("SELECT waiting_since FROM conversation WHERE id = ?").param(conversationId)
                .query((rs, row) -> java.util.Optional.ofNullable(rs.getObject(1, java.time.OffsetDateTime.class)))
                .single().map(java.time.OffsetDateTime::toInstant).orElse(null);
    }

    /** The thread each message was written on. */
    @TestConfiguration
    static class Recorder {
        final Map<Long, Thread> messageThreads = new ConcurrentHashMap<>();
        /** The threads that served a visitor's message POST, latest last. */
        final List<Thread> postThreads = new CopyOnWriteArrayList<>();

        @Bean
        org.springframework.web.filter.OncePerRequestFilter recordingPosts() {
            return new org.springframework.web.filter.OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
                                                jakarta.servlet.http.HttpServletResponse response,
                                                jakarta.servlet.FilterChain chain)
                        throws jakarta.servlet.ServletException, java.io.IOException {
                    if ("POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/messages")) {
                        postThreads.add(Thread.currentThread());
                    }
                    chain.doFilter(request, response);
                }
            };
        }

        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        void on(MessageCreated e) {
            messageThreads.put(e.messageId(), Thread.currentThread());
        }
    }

    private static long newConversation(Fixtures.Visitor visitor) {
        return visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
    }

    private static long post(Fixtures.Visitor visitor, long conversationId, String text) {
        return post(visitor, conversationId, Map.of("content", text));
    }

    private static long post(Fixtures.Visitor visitor, long conversationId, Map<String, Object> body) {
        Api.Response r = send(visitor, conversationId, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("id").asLong();
    }

    private static Api.Response send(Fixtures.Visitor visitor, long conversationId, Map<String, Object> body) {
        return visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages", body);
    }

    private long events(long conversationId) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_event WHERE conversation_id = ?").param(conversationId)
                .query(Long.class).single();
    }

    /** The statements of the thread that served the latest message POST since {@link RecordedStatements#clear}. */
    private List<String> lastPostStatements() {
        return recorded.sqlOf(recorder.postThreads.getLast());
    }

    @Test
    void aVisitorMessageReadsEachRowOnceAndWritesTheConversationOnce() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = newConversation(visitor);
        post(visitor, conversationId, "the first message"); // the first one may start the conversation's handoff
        recorded.clear();

        long messageId = post(visitor, conversationId, Map.of("content", "the second message", "echo_id", "second"));

        Thread request = recorder.messageThreads.get(messageId);
        assertThat(request).isNotNull();
        List<String> statements = recorded.sqlOf(request);
        assertThat(statements).as("the request's statements").isNotEmpty();
        assertThat(count(statements, "insert into message ")).as("message writes in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from account ")).as("account reads in %s", statements).isZero();
        assertThat(count(statements, "update contact ")).as("contact writes in %s", statements).isZero();
        assertThat(count(statements, "from inbox ")).as("inbox reads in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from conversation where")).as("conversation reads in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from contact where")).as("contact reads in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from message where")).as("message reads in %s", statements).isZero();
        assertThat(count(statements, "from attachment ")).as("attachment reads in %s", statements).isZero();
        assertThat(count(statements, "update conversation ")).as("conversation writes in %s", statements).isEqualTo(1);

        // the one write does what the second UPDATE did: waiting since the first unanswered message, until an answer
        java.time.Instant firstAt = jdbc.sql("SELECT created_at FROM message WHERE conversation_id = ? ORDER BY id LIMIT 1")
                .param(conversationId).query(java.time.OffsetDateTime.class).single().toInstant();
        assertThat(waitingSince(conversationId)).isEqualTo(firstAt);
        Api.Response reply = world.admin.api().post(world.path("/conversations/" + conversationId + "/messages"),
                Map.of("content", "an answer"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(waitingSince(conversationId)).isNull();
        post(visitor, conversationId, "a third message");
        assertThat(waitingSince(conversationId)).isNotNull().isNotEqualTo(firstAt);
    }

    /**
     * What other features do in a visitor's message's transaction (docs/adr/0070): an account without a Slack
     * connection reads no {@code slack_room}; the message's report fact and its delta are one statement on PostgreSQL
     * (H2 has no data-modifying CTE: two there), and the fact is still taken.
     */
    @Test
    void aVisitorMessageReadsNoSlackRoomWithoutSlackAndCountsItselfInOneStatement() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Rhea");
        long conversationId = newConversation(visitor);
        post(visitor, conversationId, "the first message");
        recorded.clear();

        long messageId = post(visitor, conversationId, "the second message");

        List<String> statements = recorded.sqlOf(recorder.messageThreads.get(messageId));
        assertThat(count(statements, "slack_room")).as("slack_room reads in %s", statements).isZero();
        long reportStatements = statements.stream().filter(s -> s.contains("report_event") || s.contains("report_delta")).count();
        assertThat(reportStatements).as("report statements in %s", statements)
                .isEqualTo(dev.baton.testing.TestDatabase.isPostgres() ? 1 : 2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_event WHERE fact_key = ?").param("message:" + messageId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRepeatedEchoIdAnswersTheFirstMessageAndWritesNothingElse() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Remy");
        long conversationId = newConversation(visitor);
        long first = post(visitor, conversationId, Map.of("content", "sent once", "echo_id", "retry-1"));
        long eventsBefore = events(conversationId);
        int createdBefore = recorder.messageThreads.size();
        recorded.clear();

        long repeat = post(visitor, conversationId, Map.of("content", "sent once", "echo_id", "retry-1"));

        assertThat(repeat).isEqualTo(first);
        List<String> statements = lastPostStatements();
        assertThat(count(statements, "insert into message ")).as("message writes in %s", statements).isEqualTo(1);
        assertThat(count(statements, "from message where")).as("the first message read in %s", statements).isEqualTo(1);
        assertThat(count(statements, "update conversation ")).as("conversation writes in %s", statements).isZero();
        assertThat(events(conversationId)).as("the conversation's log").isEqualTo(eventsBefore);
        assertThat(recorder.messageThreads).as("messages created").hasSize(createdBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE conversation_id = ? AND echo_id = ?")
                .params(conversationId, "retry-1").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRepeatedEchoIdDoesNotReopenTheConversationTheVisitorClosed() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Rosa");
        long conversationId = newConversation(visitor);
        long first = post(visitor, conversationId, Map.of("content", "bye", "echo_id", "bye-1"));
        Api.Response closed = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/toggle_status", null);
        assertThat(closed.json().path("status").asString()).isEqualTo("resolved");
        long eventsBefore = events(conversationId);

        assertThat(post(visitor, conversationId, Map.of("content", "bye", "echo_id", "bye-1"))).isEqualTo(first);

        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(conversationId).query(String.class)
                .single()).isEqualTo("resolved");
        assertThat(events(conversationId)).isEqualTo(eventsBefore);
        // a new echo_id is a new message: it reopens the conversation
        post(visitor, conversationId, Map.of("content", "one more thing", "echo_id", "bye-2"));
        assertThat(jdbc.sql("SELECT status FROM conversation WHERE id = ?").param(conversationId).query(String.class)
                .single()).isEqualTo("open");
    }

    @Test
    void aChangedMaximumLengthCountsFromTheNextMessageThoughTheAccountIsCached() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Lena");
        long conversationId = newConversation(visitor);
        post(visitor, conversationId, "x".repeat(30)); // the account is now this node's

        assertThat(world.admin.api().patch(world.path(""), Map.of("max_message_length", 20)).status()).isEqualTo(200);

        Api.Response refused = send(visitor, conversationId, Map.of("content", "x".repeat(21)));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("message_too_long");
        post(visitor, conversationId, "x".repeat(20));
    }
}
