package dev.baton.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.MessageCreated;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.modulith.events.core.TargetEventPublication;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Messages are counted in their own transaction, as deltas that the roll-up folds (docs/adr/0059): many visitors
 * writing at once are each counted exactly once, and a visitor's message in an inbox without a bot is one commit,
 * with no durable reaction recorded for it.
 */
@Import(ReportCountingIntegrationTests.Recorder.class)
class ReportCountingIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReportRollup rollup;

    @Autowired
    Recorder recorder;

    /** Records the event publications the registry stores, the commits per thread, and each message's thread. */
    @TestConfiguration
    static class Recorder {
        final List<Object> published = new CopyOnWriteArrayList<>();
        final List<Thread> commits = new CopyOnWriteArrayList<>();
        final Map<Long, Thread> messageThreads = new java.util.concurrent.ConcurrentHashMap<>();

        @Bean
        static BeanPostProcessor recording(org.springframework.beans.factory.ObjectProvider<Recorder> recorder) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof EventPublicationRepository repository) {
                        return Proxy.newProxyInstance(Recorder.class.getClassLoader(),
                                new Class<?>[] {EventPublicationRepository.class}, (proxy, method, args) -> {
                                    if (method.getName().equals("create") && args[0] instanceof TargetEventPublication p) {
                                        recorder.getObject().published.add(p.getEvent());
                                    }
                                    try {
                                        return method.invoke(repository, args);
                                    } catch (java.lang.reflect.InvocationTargetException e) {
                                        throw e.getCause();
                                    }
                                });
                    }
                    if (bean instanceof ConfigurableTransactionManager manager) {
                        manager.addListener(new TransactionExecutionListener() {
                            @Override
                            public void afterCommit(TransactionExecution transaction, Throwable failure) {
                                if (failure == null) {
                                    recorder.getObject().commits.add(Thread.currentThread());
                                }
                            }
                        });
                    }
                    return bean;
                }
            };
        }

        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        void on(MessageCreated e) {
            messageThreads.put(e.messageId(), Thread.currentThread());
        }
    }

    private static long conversation(Fixtures.Visitor visitor) {
        return visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
    }

    private static long post(Fixtures.Visitor visitor, long conversationId, String text) {
        Api.Response r = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/messages",
                Map.of("content", text));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("id").asLong();
    }

    private long received(Fixtures.World world) {
        Api.Response r = world.admin.api().get(world.path("/reports/summary?since=" + Instant.now().minusSeconds(86_400)
                .getEpochSecond() + "&until=" + Instant.now().plusSeconds(3_600).getEpochSecond()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("messages_received").asLong();
    }

    private long summed(String table, long account) {
        return jdbc.sql("SELECT COALESCE(SUM(n), 0) FROM " + table + " WHERE account_id = ? AND metric = ?")
                .params(account, ReportIntake.MESSAGES_RECEIVED).query(Long.class).single();
    }

    @Test
    void visitorMessagesPostedInParallelAreEachCountedExactlyOnce() throws Exception {
        Fixtures.World world = fixtures.world();
        int visitors = 8;
        int perVisitor = 6;
        List<Fixtures.Visitor> people = new ArrayList<>();
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            Fixtures.Visitor v = world.visitor("Visitor " + i);
            people.add(v);
            conversations.add(conversation(v));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> posted = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(visitors * 2)) {
            for (int i = 0; i < visitors; i++) {
                for (int k = 0; k < perVisitor; k++) {
                    int visitor = i;
                    int message = k;
                    posted.add(clients.submit(() -> {
                        start.await();
                        return post(people.get(visitor), conversations.get(visitor), "message " + message);
                    }));
                }
            }
            start.countDown();
            for (Future<Long> f : posted) {
                f.get();
            }
        }
        int n = visitors * perVisitor;
        // read at once: the reports add the deltas no fold has taken yet
        assertThat(received(world)).isEqualTo(n);
        rollup.foldAll();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_delta WHERE account_id = ?").param(world.id()).query(Long.class)
                .single()).isZero();
        assertThat(summed("report_hourly", world.id())).isEqualTo(n);
        assertThat(summed("report_daily", world.id())).isEqualTo(n);
        assertThat(summed("report_monthly", world.id())).isEqualTo(n);
        assertThat(received(world)).isEqualTo(n);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_event WHERE account_id = ? AND name = 'message_received'")
                .param(world.id()).query(Long.class).single()).isEqualTo(n);
    }

    @Test
    void aVisitorMessageInAnInboxWithoutABotIsOneCommitAndRecordsNoReaction() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Vera");
        long conversationId = conversation(visitor);
        post(visitor, conversationId, "the first message"); // the first one may start the conversation's handoff
        // the recorder sees the registry: the new conversation's durable reactions (reports, routing) were recorded
        assertThat(recorder.published).isNotEmpty();
        recorder.published.clear();
        recorder.commits.clear();

        long messageId = post(visitor, conversationId, "the second message");

        assertThat(recorder.published).as("event publications recorded for the message's request").isEmpty();
        Thread requestThread = recorder.messageThreads.get(messageId);
        assertThat(requestThread).isNotNull();
        assertThat(recorder.commits.stream().filter(t -> t == requestThread).count()).as("commits of the request").isEqualTo(1);
        assertThat(received(world)).isEqualTo(2);
    }
}
