package dev.baton.bot;

import static dev.baton.testing.Problems.assertFieldProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Business hours (docs/routing.md#business-hours): outside them a handoff ends no_agent with reason closed at once,
 * the story takes its closed exit, the widget learns when people are back; bad hours are refused whole.
 */
class BusinessHoursIntegrationTests extends IntegrationTest {

    private static final String CLOSED_TEXT = "We are closed right now.";
    private static final String NO_AGENT_TEXT = "Nobody is free right now.";

    @Autowired
    JdbcClient jdbc;

    /** Hello, then a handoff whose closed exit says so and whose no_agent exit says something else. */
    private static JsonNode story() {
        return Chat.json("""
                {'start': 'hello', 'steps': {
                  'hello': {'type': 'message', 'text': 'Hello!', 'next': 'h'},
                  'h': {'type': 'handoff', 'exits': {'handled': 'bye', 'declined': 'bye', 'no_agent': 'sorry', 'closed': 'shut'}},
                  'sorry': {'type': 'end', 'text': '%s'},
                  'shut': {'type': 'end', 'text': '%s'},
                  'bye': {'type': 'end', 'text': 'Bye.'}}}""".formatted(NO_AGENT_TEXT, CLOSED_TEXT));
    }

    /** Every day closed (the team's own hours), or every day open all day but the given holiday. */
    private static Map<String, Object> hours(boolean neverOpen, String holiday) {
        List<Map<String, Object>> week = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            week.add(neverOpen ? Map.of("day_of_week", d, "closed_all_day", true) : Map.of("day_of_week", d, "open_all_day", true));
        }
        Map<String, Object> body = new LinkedHashMap<>(Map.of("working_hours_enabled", true, "timezone", "UTC", "working_hours", week));
        body.put("holidays", holiday == null ? List.of() : List.of(holiday));
        return body;
    }

    /** A team of one available agent with a long deadline (600 s), closed by {@code hours}, run by the inbox. */
    private Fixtures.World closedDesk(Map<String, Object> hours, JsonNode story) {
        Fixtures.World world = fixtures.world();
        Fixtures.Person anna = world.agent("Anna");
        long teamId = Chat.team(world, List.of(anna), 600);
        Api.Response set = world.admin.api().patch(world.path("/teams/" + teamId), hours);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        Map<String, Object> automation = new LinkedHashMap<>(Map.of("team_id", teamId));
        if (story != null) {
            automation.put("story_id", Chat.publish(world, story));
        }
        Chat.automate(world, automation);
        return world;
    }

    private long offersOf(long conversationId) {
        return jdbc.sql("SELECT COUNT(*) FROM offer o JOIN handoff h ON h.id = o.handoff_id WHERE h.conversation_id = ?")
                .param(conversationId).query(Long.class).single();
    }

    @Test
    void aHandoffOutsideBusinessHoursEndsNoAgentClosedAtOnceAndTheStoryTakesItsClosedExit() {
        Fixtures.World world = closedDesk(hours(true, null), story());
        Chat chat = Chat.open(world, "Visitor");
        // The deadline is 600 s: reaching the closed exit within the chat's wait shows it did not wait for it.
        chat.awaitBot(CLOSED_TEXT);
        assertThat(chat.botTexts()).doesNotContain(NO_AGENT_TEXT);
        Map<String, Object> handoff = jdbc.sql("SELECT outcome, outcome_reason FROM handoff WHERE conversation_id = ?")
                .param(chat.id).query().singleRow();
        assertThat(handoff).containsEntry("outcome", "no_agent").containsEntry("outcome_reason", "closed");
        assertThat(offersOf(chat.id)).as("offers to the available agent").isZero();

        // Reports count it apart, as closed.
        dev.baton.testing.Reactions.awaitSettled(jdbc, world.id(), java.time.Duration.ofSeconds(15));
        long now = java.time.Instant.now().getEpochSecond();
        JsonNode report = world.admin.api().get(world.path("/reports/summary?since=" + (now - 3600) + "&until=" + (now + 3600))).json();
        assertThat(report.path("handoffs").path("closed").asLong()).isEqualTo(1);
        assertThat(report.path("handoffs").path("no_agent").asLong()).isZero();
    }

    @Test
    void withoutAClosedExitTheStoryTakesItsNoAgentExit() {
        JsonNode plain = Chat.json("""
                {'start': 'h', 'steps': {
                  'h': {'type': 'handoff', 'exits': {'handled': 'bye', 'declined': 'bye', 'no_agent': 'sorry'}},
                  'sorry': {'type': 'end', 'text': '%s'},
                  'bye': {'type': 'end', 'text': 'Bye.'}}}""".formatted(NO_AGENT_TEXT));
        Fixtures.World world = closedDesk(hours(true, null), plain);
        Chat chat = Chat.open(world, "Visitor");
        chat.awaitBot(NO_AGENT_TEXT);
    }

    @Test
    void talkToAPersonSaysClosedAndWhenPeopleAreBackBeforeAndAfterTheVisitorAsks() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode asking = Chat.json("""
                {'start': 'ask', 'steps': {
                  'ask': {'type': 'ask', 'text': 'Your name?', 'variable': 'name', 'next': 'bye'},
                  'bye': {'type': 'end', 'text': 'Bye.'}}}""");
        Fixtures.World world = closedDesk(hours(false, today.toString()), asking);
        Fixtures.Visitor visitor = world.visitor("Visitor");
        String inboxPath = visitor.path().substring(0, visitor.path().indexOf("/contacts/"));
        JsonNode before = visitor.api().get(inboxPath + "/business_hours").json();
        assertThat(before.path("open").asBoolean()).isFalse();
        assertThat(before.path("opens_at").asString()).isEqualTo(today.plusDays(1) + "T00:00:00Z");

        Api.Response created = visitor.api().post(visitor.path() + "/conversations", Map.of());
        long conversationId = created.json().path("id").asLong();
        Chat.await(() -> visitor.api().get(visitor.path() + "/conversations/" + conversationId + "/messages").body(),
                body -> body.contains("Your name?"), "the story's question");
        Api.Response asked = visitor.api().post(visitor.path() + "/conversations/" + conversationId + "/handoff", Map.of());
        assertThat(asked.status()).as(asked.body()).isEqualTo(200);
        assertThat(asked.json().path("state").asString()).isEqualTo("done");
        assertThat(asked.json().path("outcome").asString()).isEqualTo("no_agent");
        assertThat(asked.json().path("reason").asString()).isEqualTo("closed");
        assertThat(asked.json().path("opens_at").asString()).isEqualTo(today.plusDays(1) + "T00:00:00Z");
        assertThat(offersOf(conversationId)).isZero();
    }

    @Test
    void theAccountsDefaultHoursApplyToATeamWithoutItsOwn() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Map<String, Object> closed = new LinkedHashMap<>(hours(true, null));
        closed.remove("timezone");
        Api.Response account = admin.patch(world.path(""), closed);
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        assertThat(account.json().path("working_hours_enabled").asBoolean()).isTrue();
        assertThat(account.json().path("working_hours").get(1).path("closed_all_day").asBoolean()).isTrue();
        Fixtures.Visitor visitor = world.visitor("Visitor");
        String inboxPath = visitor.path().substring(0, visitor.path().indexOf("/contacts/"));
        JsonNode now = visitor.api().get(inboxPath + "/business_hours").json();
        assertThat(now.path("open").asBoolean()).isFalse();
        assertThat(now.path("opens_at").isNull()).isTrue();
    }

    @Test
    void badHoursAreRefusedWithTheirFieldAndNothingIsSaved() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Support")).json().path("id").asLong();
        String team = world.path("/teams/" + teamId);

        Map<String, Object> outOfRange = new LinkedHashMap<>(hours(false, null));
        outOfRange.put("name", "Renamed");
        outOfRange.put("working_hours", List.of(Map.of("day_of_week", 1, "open_hour", 9, "open_minutes", 0, "close_hour", 25,
                "close_minutes", 0)));
        assertFieldProblem(admin.patch(team, outOfRange), 422, "validation_failed", "working_hours[0].close_hour", "range");
        assertFieldProblem(admin.patch(team, Map.of("working_hours", List.of(Map.of("day_of_week", 1, "open_hour", 9,
                "open_minutes", 0, "close_hour", 9, "close_minutes", 0)))), 422, "validation_failed", "working_hours[0].close_hour",
                "empty_span");
        assertFieldProblem(admin.patch(team, Map.of("working_hours_enabled", true, "timezone", "Europe/Atlantis")), 422,
                "validation_failed", "timezone", "inclusion");
        assertFieldProblem(admin.patch(team, Map.of("working_hours_enabled", true, "holidays", List.of("2026-13-01"))), 422,
                "validation_failed", "holidays[0]", "date");
        assertFieldProblem(admin.patch(world.path(""), Map.of("working_hours_enabled", true, "holidays", List.of("tomorrow"))),
                422, "validation_failed", "holidays[0]", "date");
        assertFieldProblem(admin.post(world.path("/teams"), Map.of("name", "Night", "timezone", "Nowhere")), 422,
                "validation_failed", "timezone", "inclusion");

        JsonNode unchanged = admin.get(team).json();
        assertThat(unchanged.path("name").asString()).isEqualTo("Support");
        assertThat(unchanged.path("working_hours_enabled").asBoolean()).isFalse();
        assertThat(unchanged.path("holidays").size()).isZero();
        assertThat(admin.get(world.path("")).json().path("working_hours_enabled").asBoolean()).isFalse();
        assertThat(admin.get(world.path("/teams")).json().valueStream().map(t -> t.path("name").asString())).containsExactly("Support");
    }

    @Test
    void anOvernightSpanIsKeptAsSentAndReadBack() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        Api.Response created = admin.post(world.path("/teams"), Map.of("name", "Night", "working_hours_enabled", true,
                "timezone", "Europe/Zurich", "holidays", List.of("2026-12-25"), "working_hours",
                List.of(Map.of("day_of_week", 5, "open_hour", 22, "open_minutes", 0, "close_hour", 2, "close_minutes", 0))));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode friday = created.json().path("working_hours").get(5);
        assertThat(friday.path("open_hour").asInt()).isEqualTo(22);
        assertThat(friday.path("close_hour").asInt()).isEqualTo(2);
        assertThat(created.json().path("working_hours").get(0).path("closed_all_day").asBoolean()).isTrue();
        assertThat(created.json().path("timezone").asString()).isEqualTo("Europe/Zurich");
        assertThat(created.json().path("holidays").get(0).asString()).isEqualTo("2026-12-25");
    }

    @Test
    void theOpenApiDescriptionDescribesTheHoursFieldsAndTheVisitorsEndpoint() {
        // springdoc names the properties as the records do (camelCase); the wire is snake_case, as everywhere in it.
        JsonNode openApi = anonymous.get("/v3/api-docs").json();
        JsonNode schemas = openApi.path("components").path("schemas");
        assertThat(schemas.path("TeamSettings").path("properties").path("workingHours").path("description").asString())
                .contains("working_hours");
        assertThat(schemas.path("SettingsChange").path("properties").path("holidays").path("description").asString())
                .contains("closed all day");
        assertThat(schemas.path("DayInput").path("properties").path("dayOfWeek").path("description").asString())
                .contains("Sunday");
        assertThat(openApi.path("paths").has("/public/api/v1/inboxes/{inboxIdentifier}/business_hours")).isTrue();
    }
}
