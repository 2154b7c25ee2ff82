package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What a visitor's message costs the database (issue 15, P2): its request reads the inbox, the conversation and the
 * sender once each, does not read back the message it wrote nor look for attachments it was not sent with, and
 * writes the conversation's row once, with the time since which the visitor waits.
 */
@Import(VisitorMessageStatementsIntegrationTests.Recorder.class)
class VisitorMessageStatementsIntegrationTests extends IntegrationTest {

    @Autowired
    Recorder recorder;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private java.time.Instant waitingSince(long conversationId) {
        return jdbc.sql("SELECT waiting_since FROM conversation WHERE id = ?").param(conversationId)
                .query((rs, row) -> java.util.Optional.ofNullable(rs.getObject(1, java.time.OffsetDateTime.class)))
                .single().map(java.time.OffsetDateTime::toInstant).orElse(null);
    }

    /** Records every statement prepared, with its thread, and the thread each message was written on. */
    @TestConfiguration
    static class Recorder {
        record Prepared(Thread thread, String sql) {
        }

        final List<Prepared> statements = new CopyOnWriteArrayList<>();
        final Map<Long, Thread> messageThreads = new ConcurrentHashMap<>();

        @Bean
        static BeanPostProcessor recordingStatements(org.springframework.beans.factory.ObjectProvider<Recorder> recorder) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DataSource dataSource)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(Recorder.class.getClassLoader(), new Class<?>[] {DataSource.class},
                            (proxy, method, args) -> {
                                Object result = invoke(dataSource, method, args);
                                return result instanceof Connection connection ? recording(connection, recorder) : result;
                            });
                }
            };
        }

        private static Connection recording(Connection connection, org.springframework.beans.factory.ObjectProvider<Recorder> recorder) {
            return (Connection) Proxy.newProxyInstance(Recorder.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if ((method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))
                                && args != null && args[0] instanceof String sql) {
                            recorder.getObject().statements.add(new Prepared(Thread.currentThread(), sql));
                        }
                        return invoke(connection, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        void on(MessageCreated e) {
            messageThreads.put(e.messageId(), Thread.currentThread());
        }
    }

    private static long post(Fixtures.Visitor visitor, long conversationId, String text) {
        Api.Response r = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages",
                Map.of("content", text));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("id").asLong();
    }

    private List<String> statementsOf(Thread thread) {
        return recorder.statements.stream().filter(p -> p.thread() == thread)
                .map(p -> p.sql().replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT)).toList();
    }

    private static long count(List<String> statements, String fragment) {
        return statements.stream().filter(s -> s.contains(fragment)).count();
    }

    @Test
    void aVisitorMessageReadsEachRowOnceAndWritesTheConversationOnce() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
        post(visitor, conversationId, "the first message"); // the first one may start the conversation's handoff
        recorder.statements.clear();

        long messageId = post(visitor, conversationId, "the second message");

        Thread request = recorder.messageThreads.get(messageId);
        assertThat(request).isNotNull();
        List<String> statements = statementsOf(request);
        assertThat(statements).as("the request's statements").isNotEmpty();
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
}
