package dev.baton.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.BatonNodes;
import dev.baton.testing.Fixtures;
import dev.baton.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes on one database count messages written on both at once, and fold the counts at the same time (each
 * node's roll-up is woken by its own commits, and both are then asked to fold everything together): every message
 * ends in the sums exactly once (docs/adr/0059).
 */
class ReportNodesIntegrationTests {

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(Map<String, String> database) {
        ConfigurableApplicationContext node = BatonNodes.start(BatonNodes.settings(database));
        nodes.add(node);
        return node;
    }

    @Test
    void messagesWrittenOnTwoNodesAndFoldedByBothAtOnceAreEachCountedOnce() throws Exception {
        Map<String, String> database = TestDatabase.fresh();
        ConfigurableApplicationContext a = start(database);
        ConfigurableApplicationContext b = start(database);
        Fixtures.World world = Fixtures.on(a, BatonNodes.port(a)).world();
        List<Api> apis = List.of(new Api(BatonNodes.port(a)), new Api(BatonNodes.port(b)));
        int visitors = 6;
        int perVisitor = 10;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            Fixtures.Visitor v = world.visitor("Visitor " + i);
            long id = v.api().post(v.path() + "/conversations", Map.of()).json().path("id").asLong();
            paths.add(v.path() + "/conversations/" + id + "/messages");
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> posted = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(visitors * 2)) {
            for (int i = 0; i < visitors * perVisitor; i++) {
                String path = paths.get(i % visitors);
                Api api = apis.get(i % 2);
                int k = i;
                posted.add(clients.submit(() -> {
                    go.await();
                    return api.post(path, Map.of("content", "message " + k)).status();
                }));
            }
            go.countDown();
            for (Future<Integer> f : posted) {
                assertThat(f.get()).isEqualTo(200);
            }
        }
        try (ExecutorService folders = Executors.newFixedThreadPool(2)) {
            CountDownLatch fold = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (ConfigurableApplicationContext node : List.of(a, b)) {
                done.add(folders.submit(() -> {
                    fold.await();
                    node.getBean(ReportRollup.class).foldAll();
                    return null;
                }));
            }
            fold.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        int n = visitors * perVisitor;
        JdbcClient jdbc = a.getBean(JdbcClient.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM report_delta").query(Long.class).single()).isZero();
        for (String table : List.of("report_hourly", "report_daily", "report_monthly")) {
            assertThat(jdbc.sql("SELECT COALESCE(SUM(n), 0) FROM " + table + " WHERE account_id = ? AND metric = ?")
                    .params(world.id(), ReportIntake.MESSAGES_RECEIVED).query(Long.class).single()).as(table).isEqualTo(n);
        }
        String period = "?since=" + Instant.now().minusSeconds(86_400).getEpochSecond() + "&until="
                + Instant.now().plusSeconds(3_600).getEpochSecond();
        for (ConfigurableApplicationContext node : List.of(a, b)) {
            Api.Response r = new Api(BatonNodes.port(node)).withToken(world.admin.token())
                    .get(world.path("/reports/summary" + period));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("messages_received").asLong()).isEqualTo(n);
        }
    }
}
