package dev.baton.report;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonApplication;
import dev.baton.conversation.ConversationCreated;
import dev.baton.conversation.Owner;
import dev.baton.realtime.Heartbeats;
import dev.baton.routing.HandoffEnded;
import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.MutableClock;
import dev.baton.testing.MutableClockConfiguration;
import dev.baton.testing.OwnDatabaseConfiguration;
import dev.baton.testing.Reactions;
import dev.baton.testing.SocketClient;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Every report figure from a scripted desk whose expected values are worked out by hand below. The clock is the
 * test's (no sleeping); the routing sweep runs when the test calls it; reactions are awaited with the registry's
 * barrier ({@link Reactions#awaitSettled}).
 */
@SpringBootTest(classes = BatonApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "baton.demo.enabled=false",
                "baton.rate-limits.public-requests-per-minute-per-ip=1000000",
                "baton.rate-limits.sign-in-failures-per-window=1000000",
                "baton.rate-limits.sign-in-failures-per-client=1000000",
                "baton.rate-limits.visitor-messages-per-minute=1000000",
                "logging.level.dev.baton=INFO",
                "baton.routing.sweeper-enabled=false"
        })
@Import({MutableClockConfiguration.class, OwnDatabaseConfiguration.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReportIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Autowired
    ReportIntake intake;

    private void advance(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        Heartbeats.beat(context);
    }

    /** routing's sweep is package-private: the test runs it as the scheduler would. */
    private void sweep() {
        try {
            Class<?> type = Class.forName("dev.baton.routing.RoutingSweeper");
            var method = type.getDeclaredMethod("sweep");
            method.setAccessible(true);
            method.invoke(context.getBean(type));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long pendingOffer(Fixtures.World world, Fixtures.Person agent, long conversationId) {
        long[] id = {0};
        eventually("an offer of " + conversationId, () -> {
            for (JsonNode offer : agent.api().get(world.path("/offers")).json().path("payload")) {
                if (offer.path("conversation_id").asLong() == conversationId) {
                    id[0] = offer.path("id").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private JsonNode summary(Fixtures.World world, String query) {
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        Api.Response r = world.admin.api().get(world.path("/reports/summary?" + query));
        ok(r);
        return r.json();
    }

    private record Script(Fixtures.World world, Fixtures.Person anna, long teamId, Instant t0, Instant available,
                          long first, long second) {
    }

    /**
     * The script, second by second from t0 (Anna became available at {@code available}, before t0):
     * <pre>
     *   t0+0    C1 created, the visitor writes "hello"            conversations 1, messages_received 1
     *   t0+10   C1 handed off to Support; Anna is offered it
     *   t0+30   Anna accepts                                     time_to_accept 20, queue_wait 20, handled
     *   t0+75   Anna replies                                     first response 45 (from the acceptance)
     *   t0+135  Anna resolves                                    resolution 135 (from the creation)
     *   t0+200  Anna reopens C1 (she keeps it)                   (the clock starts at the reopen)
     *   t0+230  Anna replies                                     first response 30
     *   t0+260  Anna resolves                                    resolution 60 (from the reopen)
     *   t0+300  C2 created, "help", handed off; offered to Anna  conversations 2, messages_received 2
     *   t0+331  sweep: the offer expired (30 s)                  missed offer 1, Anna in rona; nobody
     *                                                            eligible is left: no_agent at once, queue_wait 31
     *   t0+400  Anna is available again                          rona 69 s
     * </pre>
     */
    private Script script() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response team = admin.post(world.path("/teams"), Map.of("name", "Support", "offer_timeout_seconds", 30,
                "handoff_timeout_seconds", 60));
        ok(team);
        long teamId = team.json().path("id").asLong();
        Fixtures.Person anna = world.member("Anna", "agent", true);
        ok(admin.patch(world.path("/agents/" + anna.id()), Map.of("licensed", true)));
        ok(admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(anna.id()))));
        Instant available = clock.instant();
        ok(anna.api().put("/api/v1/profile/availability", Map.of("availability", "available")));
        advance(5);
        Instant t0 = clock.instant();
        try (SocketClient socket = SocketClient.agent(port, anna.token())) {
            socket.send(Map.of("type", "resume", "conversations", Map.of()));
            socket.await("resumed", WAIT);

            long first = world.conversationFrom(world.visitor("Vera"), "hello");
            advance(10);
            ok(admin.post(world.path("/conversations/" + first + "/handoff"), Map.of("team_id", teamId, "reason", "question")));
            long offer = pendingOffer(world, anna, first);
            advance(20);
            ok(anna.api().post(world.path("/offers/" + offer + "/accept"), Map.of()));
            advance(45);
            ok(anna.api().post(world.path("/conversations/" + first + "/messages"), Map.of("content", "How can I help?")));
            advance(60);
            ok(anna.api().post(world.path("/conversations/" + first + "/toggle_status"), Map.of("status", "resolved")));
            advance(65);
            ok(anna.api().post(world.path("/conversations/" + first + "/toggle_status"), Map.of("status", "open")));
            advance(30);
            ok(anna.api().post(world.path("/conversations/" + first + "/messages"), Map.of("content", "Back again?")));
            advance(30);
            ok(anna.api().post(world.path("/conversations/" + first + "/toggle_status"), Map.of("status", "resolved")));
            advance(40);

            long second = world.conversationFrom(world.visitor("Walt"), "help");
            ok(admin.post(world.path("/conversations/" + second + "/handoff"), Map.of("team_id", teamId, "reason", "question")));
            pendingOffer(world, anna, second);
            advance(31);
            sweep();
            advance(69);
            ok(anna.api().put("/api/v1/profile/availability", Map.of("availability", "available")));
            return new Script(world, anna, teamId, t0, available, first, second);
        }
    }

    private static String period(Instant t0) {
        return "since=" + (t0.getEpochSecond() - 3600) + "&until=" + (t0.getEpochSecond() + 7200);
    }

    @Test
    void everyFigureOfAScriptedDayIsWhatTheScriptMakesIt() {
        Script s = script();
        JsonNode r = summary(s.world(), period(s.t0()));

        assertThat(r.path("conversations").asLong()).isEqualTo(2);
        assertThat(r.path("handoffs").path("total").asLong()).isEqualTo(2);
        assertThat(r.path("handoffs").path("handled").asLong()).isEqualTo(1);
        assertThat(r.path("handoffs").path("no_agent").asLong()).isEqualTo(1);
        for (String none : List.of("declined", "closed", "visitor_left", "bot_unavailable")) {
            assertThat(r.path("handoffs").path(none).asLong()).as(none).isZero();
        }
        assertThat(r.path("queue_wait").path("count").asLong()).isEqualTo(2);
        assertThat(r.path("queue_wait").path("avg_seconds").asDouble()).isEqualTo((20 + 31) / 2.0);
        assertThat(r.path("time_to_accept").path("count").asLong()).isEqualTo(1);
        assertThat(r.path("time_to_accept").path("avg_seconds").asDouble()).isEqualTo(20.0);
        assertThat(r.path("missed_offers").asLong()).isEqualTo(1);
        assertThat(r.path("first_response").path("count").asLong()).isEqualTo(2);
        assertThat(r.path("first_response").path("avg_seconds").asDouble()).isEqualTo((45 + 30) / 2.0);
        assertThat(r.path("resolution").path("count").asLong()).isEqualTo(2);
        assertThat(r.path("resolution").path("avg_seconds").asDouble()).isEqualTo((135 + 60) / 2.0);
        assertThat(r.path("messages_received").asLong()).isEqualTo(2);
        assertThat(r.path("messages_sent").asLong()).isEqualTo(2);

        long availableSeconds = s.t0().getEpochSecond() + 331 - s.available().getEpochSecond();
        assertThat(r.path("agent_status_seconds").path("available").asDouble()).isEqualTo((double) availableSeconds);
        assertThat(r.path("agent_status_seconds").path("rona").asDouble()).isEqualTo(69.0);
        assertThat(r.path("agent_status_seconds").path("away").asDouble()).isZero();

        JsonNode anna = s.world().admin.api().get(s.world().path("/reports/agents?" + period(s.t0()))).json()
                .path("payload").valueStream().filter(a -> a.path("agent_id").asLong() == s.anna().id()).findFirst().orElseThrow();
        assertThat(anna.path("messages_sent").asLong()).isEqualTo(2);
        assertThat(anna.path("resolutions").asLong()).isEqualTo(2);
        assertThat(anna.path("handoffs_handled").asLong()).isEqualTo(1);
        assertThat(anna.path("avg_first_response_seconds").asDouble()).isEqualTo(37.5);
        assertThat(anna.path("avg_time_to_accept_seconds").asDouble()).isEqualTo(20.0);
        assertThat(anna.path("missed_offers").asLong()).isEqualTo(1);

        // busiest hours: both conversations in their local (Zurich) weekday and hour
        JsonNode heat = s.world().admin.api().get(s.world().path("/reports/heatmap?timezone=Europe/Zurich&" + period(s.t0())))
                .json();
        long[][] expected = new long[7][24];
        for (Instant created : List.of(s.t0(), s.t0().plusSeconds(300))) {
            ZonedDateTime local = created.atZone(ZURICH);
            expected[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            JsonNode row = heat.path("days").get(day.getValue() - 1);
            for (int h = 0; h < 24; h++) {
                assertThat(row.path("hours").get(h).asLong()).as(day + " " + h).isEqualTo(expected[day.getValue() - 1][h]);
            }
        }

        // filters: another inbox has nothing; the team's figures are the handoffs' and Anna's work in the team
        JsonNode otherInbox = summary(s.world(), period(s.t0()) + "&inbox_id=" + (s.world().inbox.id() + 100_000));
        assertThat(otherInbox.path("conversations").asLong()).isZero();
        assertThat(otherInbox.path("handoffs").path("total").asLong()).isZero();
        JsonNode team = summary(s.world(), period(s.t0()) + "&team_id=" + s.teamId());
        assertThat(team.path("handoffs").path("total").asLong()).isEqualTo(2);
        assertThat(team.path("resolution").path("count").asLong()).isEqualTo(2);
        JsonNode byAgent = summary(s.world(), period(s.t0()) + "&agent_id=" + s.anna().id());
        assertThat(byAgent.path("messages_sent").asLong()).isEqualTo(2);
        assertThat(byAgent.path("messages_received").asLong()).isZero();

        // a period before the script sees nothing of it
        JsonNode before = summary(s.world(), "since=" + (s.t0().getEpochSecond() - 7 * 86400) + "&until="
                + (s.t0().getEpochSecond() - 86400));
        assertThat(before.path("conversations").asLong()).isZero();

        // Chatwoot's summary and series
        JsonNode chatwoot = s.world().admin.api().get("/api/v2/accounts/" + s.world().id() + "/reports/summary?" + period(s.t0()))
                .json();
        assertThat(chatwoot.path("conversations_count").asLong()).isEqualTo(2);
        assertThat(chatwoot.path("avg_first_response_time").asDouble()).isEqualTo(37.5);
        assertThat(chatwoot.path("resolutions_count").asLong()).isEqualTo(2);
        assertThat(chatwoot.path("previous").path("conversations_count").asLong()).isZero();
        JsonNode series = s.world().admin.api().get("/api/v2/accounts/" + s.world().id()
                + "/reports?metric=conversations_count&type=account&group_by=hour&" + period(s.t0())).json();
        assertThat(series.valueStream().mapToLong(p -> p.path("value").asLong()).sum()).isEqualTo(2);

        // reporting events: the durations, with their conversation
        JsonNode events = s.world().admin.api().get(s.world().path("/conversations/" + s.first() + "/reporting_events")).json();
        assertThat(events.valueStream().filter(e -> "first_response".equals(e.path("name").asString()))
                .map(e -> e.path("value").asDouble()).toList()).containsExactlyInAnyOrder(45.0, 30.0);
    }

    @Test
    void withoutATimezoneTheAccountsTimeZoneCutsTheDaysAndHours() {
        Script s = script();
        String heatmap = "/reports/heatmap?" + period(s.t0());
        JsonNode utc = s.world().admin.api().get(s.world().path(heatmap)).json();
        JsonNode zurich = s.world().admin.api().get(s.world().path(heatmap + "&timezone=Europe/Zurich")).json();
        assertThat(zurich).isNotEqualTo(utc);

        ok(s.world().admin.api().patch(s.world().path(""), Map.of("time_zone", "Europe/Zurich")));
        assertThat(s.world().admin.api().get(s.world().path(heatmap)).json()).isEqualTo(zurich);
        assertThat(s.world().admin.api().get(s.world().path(heatmap + "&timezone=UTC")).json()).isEqualTo(utc);
        assertThat(s.world().admin.api().get(s.world().path("/reports/timeseries?metric=conversations&group_by=day&"
                + period(s.t0()))).json().path("timezone").asString()).isEqualTo("Europe/Zurich");
    }

    @Test
    void aReactionThatRunsAgainCountsOnce() {
        Script s = script();
        JsonNode once = summary(s.world(), period(s.t0()));
        long contact = jdbc.sql("SELECT contact_id FROM conversation WHERE id = ?").param(s.first()).query(Long.class).single();
        intake.on(new ConversationCreated(s.world().id(), s.first(), s.world().inbox.id(), contact, Owner.QUEUE));
        for (Long handoff : jdbc.sql("SELECT id FROM handoff WHERE conversation_id IN (?, ?)").params(s.first(), s.second())
                .query(Long.class).list()) {
            intake.on(new HandoffEnded(s.world().id(), s.first(), handoff, "handoff", "handled", s.anna().id()));
        }
        assertThat(summary(s.world(), period(s.t0()))).isEqualTo(once);
    }

    @Test
    void aConversationTheBotClosedAloneCountsAsContained() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response story = admin.post(world.path("/stories"), Map.of("name", "Story", "definition",
                Api.JSON.readTree("{\"start\": \"a\", \"steps\": {\"a\": {\"type\": \"end\", \"text\": \"Bye\"}}}")));
        ok(story);
        long storyId = story.json().path("id").asLong();
        ok(admin.post(world.path("/stories/" + storyId + "/publish"), Map.of()));
        ok(admin.put(world.path("/inboxes/" + world.inbox.id() + "/automation"), Map.of("story_id", storyId)));
        Instant t0 = clock.instant();
        Fixtures.Visitor visitor = world.visitor("Bea");
        long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
        eventually("the story ended the conversation", () ->
                "resolved".equals(admin.get(world.path("/conversations/" + id)).json().path("status").asString()));

        JsonNode r = summary(world, period(t0));
        assertThat(r.path("conversations").asLong()).isEqualTo(1);
        assertThat(r.path("bot").path("conversations").asLong()).isEqualTo(1);
        assertThat(r.path("bot").path("resolved_without_person").asLong()).isEqualTo(1);
        assertThat(r.path("bot").path("containment_rate").asDouble()).isEqualTo(1.0);
        assertThat(r.path("handoffs").path("total").asLong()).isZero();
        assertThat(r.path("first_response").path("count").asLong()).isZero();
    }

    @Test
    void theSurveysRatingsCountForTheAgentWhoHadTheConversation() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response team = admin.post(world.path("/teams"), Map.of("name", "Desk"));
        ok(team);
        long teamId = team.json().path("id").asLong();
        Fixtures.Person olga = world.member("Olga", "agent", true);
        ok(admin.patch(world.path("/agents/" + olga.id()), Map.of("licensed", true)));
        ok(admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(olga.id()))));
        ok(olga.api().put("/api/v1/profile/availability", Map.of("availability", "available")));
        String story = """
                {"start": "h", "steps": {
                  "h": {"type": "handoff", "text": "One moment", "exits": {"handled": "survey", "declined": "survey", "no_agent": "survey"}},
                  "survey": {"type": "ask", "text": "How satisfied were you, from 1 to 5?", "variable": "satisfaction",
                             "validate": "regex", "pattern": "^[1-5]$", "next": "bye"},
                  "bye": {"type": "end", "text": "Bye"}}}""";
        Api.Response created = admin.post(world.path("/stories"), Map.of("name", "Survey", "definition", Api.JSON.readTree(story)));
        ok(created);
        long storyId = created.json().path("id").asLong();
        ok(admin.post(world.path("/stories/" + storyId + "/publish"), Map.of()));
        ok(admin.put(world.path("/inboxes/" + world.inbox.id() + "/automation"), Map.of("story_id", storyId, "team_id", teamId)));
        Instant t0 = clock.instant();
        try (SocketClient socket = SocketClient.agent(port, olga.token())) {
            socket.send(Map.of("type", "resume", "conversations", Map.of()));
            socket.await("resumed", WAIT);
            Fixtures.Visitor visitor = world.visitor("Rita");
            long id = visitor.api().post(visitor.path() + "/conversations", Map.of()).json().path("id").asLong();
            long offer = pendingOffer(world, olga, id);
            ok(olga.api().post(world.path("/offers/" + offer + "/accept"), Map.of()));
            ok(olga.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "Sorted!")));
            ok(olga.api().post(world.path("/conversations/" + id + "/toggle_status"), Map.of("status", "resolved")));
            eventually("the survey is asked", () -> admin.get(world.path("/conversations/" + id + "/messages")).json()
                    .path("payload").valueStream().anyMatch(m -> m.path("content").asString().startsWith("How satisfied")));
            ok(visitor.api().post(visitor.path() + "/conversations/" + id + "/messages", Map.of("content", "5")));
            eventually("the story ended", () ->
                    "resolved".equals(admin.get(world.path("/conversations/" + id)).json().path("status").asString()));
        }

        JsonNode r = summary(world, period(t0));
        assertThat(r.path("satisfaction").path("count").asLong()).isEqualTo(1);
        assertThat(r.path("satisfaction").path("average").asDouble()).isEqualTo(5.0);
        assertThat(r.path("satisfaction").path("ratings").path("5").asLong()).isEqualTo(1);
        assertThat(r.path("satisfaction").path("ratings").path("1").asLong()).isZero();
        JsonNode olgaRow = admin.get(world.path("/reports/agents?" + period(t0))).json().path("payload").valueStream()
                .filter(a -> a.path("agent_id").asLong() == olga.id()).findFirst().orElseThrow();
        assertThat(olgaRow.path("avg_satisfaction").asDouble()).isEqualTo(5.0);
        assertThat(olgaRow.path("satisfaction_count").asLong()).isEqualTo(1);
    }

    @Test
    void reportsRefuseBadInputAndAgents() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        assertFieldProblem(admin.get(world.path("/reports/summary?timezone=Mars/Olympus")), 422, "validation_failed",
                "timezone", "inclusion");
        assertFieldProblem(admin.get(world.path("/reports/summary?since=200&until=100")), 422, "validation_failed",
                "since", "range");
        assertFieldProblem(admin.get(world.path("/reports/summary?from=yesterday")), 422, "validation_failed",
                "from", "format");
        assertFieldProblem(admin.get(world.path("/reports/summary?since=0&until=100000000")), 422, "validation_failed",
                "since", "range");
        assertFieldProblem(admin.get(world.path("/reports/timeseries?metric=nonsense")), 422, "validation_failed",
                "metric", "inclusion");
        assertFieldProblem(admin.get(world.path("/reports/timeseries?metric=conversations&group_by=year")), 422,
                "validation_failed", "group_by", "inclusion");
        assertFieldProblem(admin.get("/api/v2/accounts/" + world.id() + "/reports?metric=conversations_count&type=label&id=1"),
                422, "validation_failed", "type", "inclusion");
        assertFieldProblem(admin.get(world.path("/reports/export?table=everything")), 422, "validation_failed", "table",
                "inclusion");
        Fixtures.Person agent = world.agent("Ada");
        assertProblem(agent.api().get(world.path("/reports/summary")), 403, "forbidden");
        assertProblem(agent.api().get(world.path("/reporting_events")), 403, "forbidden");
    }

    @Test
    void theTablesExportAsCsv() {
        Fixtures.World world = fixtures.world();
        Instant t0 = clock.instant();
        world.conversationFrom(world.visitor("Cole"), "hi");
        Reactions.awaitSettled(jdbc, world.id(), WAIT);
        Api.Response csv = world.admin.api().get(world.path("/reports/export?table=summary&" + period(t0)));
        ok(csv);
        assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains("conversations,1\r\n").contains("handoffs.handled,0\r\n");
        Api.Response heat = world.admin.api().get(world.path("/reports/export?table=heatmap&" + period(t0)));
        assertThat(heat.body().lines().count()).isEqualTo(8);
        Api.Response series = world.admin.api().get(world.path("/reports/export?table=timeseries&metric=conversations&group_by=day&"
                + period(t0)));
        assertThat(series.body()).contains("start,conversations");
    }
}
