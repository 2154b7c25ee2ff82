package dev.baton.conversation;

import static dev.baton.testing.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The conversation list at scale (docs/adr/0044): keyset paging with {@code cursor} next to Chatwoot's {@code page},
 * and the {@code meta} counters kept by a trigger, checked against a count of the rows themselves.
 */
class ConversationListPagingIntegrationTests extends IntegrationTest {

    @Autowired
    ConversationRepository repository;

    @Autowired
    JdbcClient jdbc;

    @Test
    void cursorPagesShowEveryConversationOnceWhileNewConversationsArrive() throws Exception {
        Fixtures.World world = fixtures.world();
        Set<Long> existing = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            existing.add(world.conversationFrom(world.visitor("V" + i), "hello " + i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> arrived = new CopyOnWriteArrayList<>();
        CountDownLatch writing = new CountDownLatch(2);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                writing.countDown();
                for (int i = 0; !stop.get() && i < 200; i++) {
                    arrived.add(world.conversationFrom(world.visitor("new " + writer + "." + i), "new"));
                }
                return null;
            }));
        }
        writing.await();

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode data = world.admin.api().get(world.path("/conversations" + (cursor == null ? "" : "?cursor=" + cursor)))
                    .json().path("data");
            data.path("payload").valueStream().map(c -> c.path("id").asLong()).forEach(seen::add);
            cursor = data.path("meta").path("next_cursor").isNull() ? null : data.path("meta").path("next_cursor").asString();
            pages++;
            // a new conversation between two pages goes to the top, before the cursor
            world.conversationFrom(world.visitor("between " + pages), "between");
        } while (cursor != null && pages < 50);
        stop.set(true);
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();

        assertThat(arrived).isNotEmpty();
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(existing);
        assertThat(new HashSet<>(seen)).allMatch(id -> existing.contains(id) || arrived.contains(id));
    }

    @Test
    void chatwootsPageStillPagesAndRefusesPageWithCursor() {
        Fixtures.World world = fixtures.world();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(0, world.conversationFrom(world.visitor("V" + i), "hello " + i));
        }
        JsonNode first = world.admin.api().get(world.path("/conversations?page=1")).json().path("data");
        JsonNode second = world.admin.api().get(world.path("/conversations?page=2")).json().path("data");
        JsonNode byCursor = world.admin.api().get(world.path("/conversations?cursor="
                + first.path("meta").path("next_cursor").asString())).json().path("data");

        assertThat(ids(first)).containsExactlyElementsOf(all.subList(0, 25));
        assertThat(ids(second)).containsExactlyElementsOf(all.subList(25, 30));
        assertThat(ids(byCursor)).containsExactlyElementsOf(ids(second));
        assertThat(second.path("meta").path("next_cursor").isNull()).isTrue();
        assertThat(second.path("meta").path("all_count").asLong()).isEqualTo(30);
        assertFieldProblem(world.admin.api().get(world.path("/conversations?page=2&cursor=" + first.path("meta").path("next_cursor").asString())),
                422, "validation_failed", "cursor", "exclusive");
        assertFieldProblem(world.admin.api().get(world.path("/conversations?cursor=yesterday")),
                422, "validation_failed", "cursor", "format");
    }

    @Test
    void countersEqualACountOfTheConversationsAfterConcurrentMessagesTransitionsAndDeletes() throws Exception {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        List<Fixtures.Visitor> visitors = new ArrayList<>();
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Fixtures.Visitor v = world.visitor("V" + i);
            visitors.add(v);
            conversations.add(world.conversationFrom(v, "hello"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long id = conversations.get(i);
            Fixtures.Visitor v = visitors.get(i);
            Fixtures.Person who = i % 2 == 0 ? world.admin : ada;
            calls.add(pool.submit(() -> v.api().post(v.path() + "/conversations/" + id + "/messages", Map.of("content", "again"))));
            calls.add(pool.submit(() -> world.admin.api().post(world.path("/conversations/" + id + "/assignments"),
                    Map.of("assignee_id", who.id()))));
            if (i % 3 == 0) {
                calls.add(pool.submit(() -> who.api().post(world.path("/conversations/" + id + "/update_last_seen"), Map.of())));
            }
            if (i % 4 == 1) {
                calls.add(pool.submit(() -> world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"),
                        Map.of("status", "resolved"))));
            }
            if (i % 4 == 2) {
                calls.add(pool.submit(() -> world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"),
                        Map.of("status", "pending"))));
            }
        }
        for (Future<Api.Response> call : calls) {
            assertThat(call.get(60, TimeUnit.SECONDS).status()).isLessThan(500);
        }
        pool.shutdown();
        // deleting a contact deletes its conversations (cascade): the counters follow
        assertThat(world.admin.api().delete(world.path("/contacts/" + visitors.get(5).contactId())).status()).isLessThan(300);
        assertThat(world.admin.api().delete(world.path("/contacts/" + visitors.get(6).contactId())).status()).isLessThan(300);

        for (String status : List.of("open", "pending", "resolved", "snoozed", "all")) {
            for (Fixtures.Person person : List.of(world.admin, ada)) {
                var filter = new ConversationRepository.Filter(world.id(), null, status, "all", person.id(), null, null, null, false, null);
                JsonNode meta = person.api().get(world.path("/conversations/meta?status=" + status)).json().path("meta");
                ConversationRepository.Counts counted = repository.countRows(filter);
                assertThat(List.of(meta.path("mine_count").asLong(), meta.path("unassigned_count").asLong(),
                        meta.path("assigned_count").asLong(), meta.path("all_count").asLong(), meta.path("unread_count").asLong()))
                        .as(status + " for " + person.email())
                        .containsExactly(counted.mine(), counted.unassigned(), counted.assigned(), counted.all(), counted.unread());
            }
        }
        assertThat(repository.countRows(new ConversationRepository.Filter(world.id(), null, "all", "all", null, null, null, null, false, null)).all())
                .isEqualTo(10);
        assertThat(daysKept(world.id())).isNotEmpty().containsExactlyElementsOf(daysCounted(world.id()));
    }

    @Test
    void deepPagesThatSkipWholeDaysShowTheRowsOfTheKeysetWalk() {
        Fixtures.World world = fixtures.world();
        List<Long> conversations = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            conversations.add(world.conversationFrom(world.visitor("V" + i), "hello " + i));
        }
        for (int i = 0; i < 23; i += 5) {
            assertThat(world.admin.api().post(world.path("/conversations/" + conversations.get(i) + "/toggle_status"),
                    Map.of("status", "resolved")).status()).isLessThan(300);
        }
        // last activity spread over eight UTC days, several on one day, two on a day's first and last microsecond
        java.time.Instant midnight = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        for (int i = 0; i < conversations.size(); i++) {
            java.time.Instant at = switch (i) {
                case 3 -> midnight.minus(java.time.Duration.ofDays(2));
                case 4 -> midnight.minus(java.time.Duration.ofDays(2)).minusNanos(1_000);
                default -> midnight.minus(java.time.Duration.ofMinutes(i * 517L % 11_000));
            };
            jdbc.sql("UPDATE conversation SET last_activity_at = ? WHERE id = ?")
                    .params(java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC), conversations.get(i)).update();
        }
        assertThat(daysKept(world.id())).containsExactlyElementsOf(daysCounted(world.id()));

        for (String status : List.of("open", "resolved", "all")) {
            var f = new ConversationRepository.Filter(world.id(), null, status, "all", world.admin.id(), null, null, null, false, null);
            List<List<Long>> walk = new ArrayList<>();
            ConversationRepository.Cursor cursor = null;
            do {
                List<Conversation> page = repository.list(f, 4, 0, cursor).conversations();
                walk.add(page.stream().map(Conversation::id).toList());
                cursor = page.size() < 4 ? null : new ConversationRepository.Cursor(page.getLast().lastActivityAt(), page.getLast().id());
            } while (cursor != null);
            for (int page = 0; page <= walk.size(); page++) {
                List<Long> expected = page < walk.size() ? walk.get(page) : List.of();
                assertThat(ids(repository.list(f, 4, page * 4L, null, 0))).as(status + " page " + page + ", days skipped")
                        .containsExactlyElementsOf(expected);
                assertThat(ids(repository.list(f, 4, page * 4L, null, Long.MAX_VALUE))).as(status + " page " + page + ", walked")
                        .containsExactlyElementsOf(expected);
            }
            assertThat(walk.stream().mapToInt(List::size).sum()).isEqualTo(repository.countRows(f).all());
        }
    }

    private static List<Long> ids(ConversationRepository.Page page) {
        return page.conversations().stream().map(Conversation::id).toList();
    }

    /** conversation_day's non-zero buckets of an account, "status bot inbox day n". */
    private List<String> daysKept(long accountId) {
        return jdbc.sql("""
                SELECT status, bot, inbox_id, activity_day, SUM(n) AS n FROM conversation_day WHERE account_id = ?
                GROUP BY status, bot, inbox_id, activity_day HAVING SUM(n) <> 0 ORDER BY status, bot, inbox_id, activity_day""")
                .param(accountId).query((rs, row) -> rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getLong(3) + " "
                        + rs.getLong(4) + " " + rs.getLong(5)).list();
    }

    /** The same buckets counted from the conversations. */
    private List<String> daysCounted(long accountId) {
        return jdbc.sql("""
                SELECT status, owner = 'bot' AS bot, inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400) AS activity_day,
                       COUNT(*) AS n
                FROM conversation WHERE account_id = ?
                GROUP BY status, owner = 'bot', inbox_id, FLOOR(EXTRACT(EPOCH FROM last_activity_at) / 86400)
                ORDER BY 1, 2, 3, 4""")
                .param(accountId).query((rs, row) -> rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getLong(3) + " "
                        + rs.getLong(4) + " " + rs.getLong(5)).list();
    }

    private static List<Long> ids(JsonNode data) {
        return data.path("payload").valueStream().map(c -> c.path("id").asLong()).toList();
    }
}
