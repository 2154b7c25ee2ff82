package dev.baton.conversation;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.Multipart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The agent side of conversations: list filters, status and owner, assignments, labels, messages. */
class ConversationApiIntegrationTests extends IntegrationTest {

    @Test
    void listsConversationsInChatwootsEnvelopeWithCounts() {
        Fixtures.World world = fixtures.world();
        long first = world.conversationFrom(world.visitor("Ann"), "hello");
        long second = world.conversationFrom(world.visitor("Ben"), "hi");
        assign(world, world.admin, first, world.admin.id());

        Api.Response response = world.admin.api().get(world.path("/conversations"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode data = response.json().path("data");
        assertThat(data.path("meta").path("mine_count").asLong()).isEqualTo(1);
        assertThat(data.path("meta").path("unassigned_count").asLong()).isEqualTo(1);
        assertThat(data.path("meta").path("all_count").asLong()).isEqualTo(2);
        assertThat(ids(data.path("payload"))).containsExactlyInAnyOrder(first, second);
        JsonNode listed = data.path("payload").valueStream().filter(c -> c.path("id").asLong() == first).findFirst().orElseThrow();
        assertThat(listed.path("status").asString()).isEqualTo("open");
        assertThat(listed.path("owner").asString()).isEqualTo("agent");
        assertThat(listed.path("inbox_id").asLong()).isEqualTo(world.inbox.id());
        assertThat(listed.path("meta").path("sender").path("name").asString()).isEqualTo("Ann");
        assertThat(listed.path("meta").path("assignee").path("id").asLong()).isEqualTo(world.admin.id());
    }

    @Test
    void aListedConversationIsRenderedAsItsOwnPageRendersIt() {
        Fixtures.World world = fixtures.world();
        long plain = world.conversationFrom(world.visitor("Ann"), "hello");
        long rich = world.conversationFrom(world.visitor("Ben"), "hi");
        world.admin.api().post(world.path("/conversations/" + rich + "/labels"), Map.of("labels", List.of("vip", "billing")));
        Api.Response posted = new Multipart().field("content", "see the picture")
                .file("attachments[]", "a.png", "image/png", AttachmentIntegrationTests.PNG)
                .post(world.admin.api(), world.path("/conversations/" + rich + "/messages"));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);

        JsonNode payload = world.admin.api().get(world.path("/conversations")).json().path("data").path("payload");

        // the list reads the page's last messages, labels and participants with the page; a single conversation
        // reads them one table at a time: both render the same
        for (long id : List.of(plain, rich)) {
            JsonNode listed = payload.valueStream().filter(c -> c.path("id").asLong() == id).findFirst().orElseThrow();
            assertThat(listed).isEqualTo(world.admin.api().get(world.path("/conversations/" + id)).json());
        }
        JsonNode listed = payload.valueStream().filter(c -> c.path("id").asLong() == rich).findFirst().orElseThrow();
        assertThat(listed.path("labels").valueStream().map(JsonNode::asString)).containsExactly("billing", "vip");
        JsonNode last = listed.path("messages").get(0);
        assertThat(last.path("content").asString()).isEqualTo("see the picture");
        assertThat(last.path("sender").path("id").asLong()).isEqualTo(world.admin.id());
        assertThat(last.path("attachments").get(0).path("content_type").asString()).isEqualTo("image/png");
    }

    @Test
    void filtersByAssigneeType() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        long mine = world.conversationFrom(world.visitor("Ann"), "one");
        long hers = world.conversationFrom(world.visitor("Ben"), "two");
        long nobodys = world.conversationFrom(world.visitor("Cy"), "three");
        assign(world, world.admin, mine, world.admin.id());
        assign(world, world.admin, hers, ada.id());

        assertThat(list(world, world.admin, "assignee_type=me")).containsExactly(mine);
        assertThat(list(world, world.admin, "assignee_type=unassigned")).containsExactly(nobodys);
        assertThat(list(world, world.admin, "assignee_type=all")).containsExactlyInAnyOrder(mine, hers, nobodys);
        assertThat(list(world, ada, "assignee_type=me")).containsExactly(hers);
        assertFieldProblem(world.admin.api().get(world.path("/conversations?assignee_type=everyone")),
                422, "validation_failed", "assignee_type", "inclusion");
    }

    @Test
    void filtersByStatusWhereABotOwnedConversationIsPending() {
        Fixtures.World world = fixtures.world();
        long open = world.conversationFrom(world.visitor("Ann"), "one");
        long resolved = world.conversationFrom(world.visitor("Ben"), "two");
        long pending = world.conversationFrom(world.visitor("Cy"), "three");
        toggle(world, resolved, "resolved");
        JsonNode toBot = toggle(world, pending, "pending");
        assertThat(toBot.path("payload").path("current_status").asString()).isEqualTo("pending");
        assertThat(toBot.path("payload").path("owner").asString()).isEqualTo("bot");

        assertThat(list(world, world.admin, "")).containsExactly(open);
        assertThat(list(world, world.admin, "status=open")).containsExactly(open);
        assertThat(list(world, world.admin, "status=resolved")).containsExactly(resolved);
        assertThat(list(world, world.admin, "status=pending")).containsExactly(pending);
        assertThat(list(world, world.admin, "status=all")).containsExactlyInAnyOrder(open, resolved, pending);
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + pending)).json();
        assertThat(shown.path("status").asString()).isEqualTo("pending");
        assertThat(shown.path("owner").asString()).isEqualTo("bot");
        assertFieldProblem(world.admin.api().get(world.path("/conversations?status=closed")),
                422, "validation_failed", "status", "inclusion");
    }

    @Test
    void filtersByInboxAndLabelsAndPages() {
        Fixtures.World world = fixtures.world();
        JsonNode api = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Relay", "channel", Map.of("type", "api"))).json();
        long otherInbox = api.path("id").asLong();
        Fixtures.Visitor relayed = fixtures.visitor(api.path("inbox_identifier").asString(), "Rita");
        long inOther = world.conversationFrom(relayed, "via api");
        List<Long> inWidget = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            inWidget.add(world.conversationFrom(world.visitor("V" + i), "hi " + i));
        }
        world.admin.api().post(world.path("/conversations/" + inWidget.get(3) + "/labels"), Map.of("labels", List.of("vip", "billing")));
        world.admin.api().post(world.path("/conversations/" + inOther + "/labels"), Map.of("labels", List.of("billing")));

        assertThat(list(world, world.admin, "inbox_id=" + otherInbox)).containsExactly(inOther);
        assertThat(list(world, world.admin, "labels=vip")).containsExactly(inWidget.get(3));
        assertThat(list(world, world.admin, "labels=billing")).containsExactlyInAnyOrder(inWidget.get(3), inOther);
        assertThat(list(world, world.admin, "labels=billing&inbox_id=" + otherInbox)).containsExactly(inOther);

        List<Long> page1 = list(world, world.admin, "page=1");
        List<Long> page2 = list(world, world.admin, "page=2");
        assertThat(page1).hasSize(25);
        assertThat(page2).hasSize(2);
        List<Long> all = new ArrayList<>(page1);
        all.addAll(page2);
        assertThat(all).doesNotHaveDuplicates().hasSize(27);
        assertThat(world.admin.api().get(world.path("/conversations?page=2")).json().path("data").path("meta")
                .path("all_count").asLong()).isEqualTo(27);
    }

    @Test
    void anAgentSeesOnlyConversationsOfTheirInboxes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person member = world.agent("Mo");
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        assertThat(list(world, member, "")).containsExactly(id);
        assertThat(list(world, outsider, "")).isEmpty();
        assertThat(outsider.api().get(world.path("/conversations")).json().path("data").path("meta").path("all_count").asLong()).isZero();
        assertProblem(outsider.api().get(world.path("/conversations/" + id)), 404, "not_found");
    }

    @Test
    void toggleStatusResolvesSnoozesAndReopensWritingAnActivityForEachTransition() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        assertThat(toggle(world, id, "resolved").path("payload").path("current_status").asString()).isEqualTo("resolved");
        assertThat(toggle(world, id, "resolved").path("payload").path("current_status").asString()).isEqualTo("resolved");
        assertThat(toggle(world, id, "open").path("payload").path("current_status").asString()).isEqualTo("open");
        long until = Instant.now().plusSeconds(3600).getEpochSecond();
        Api.Response snoozed = world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"),
                Map.of("status", "snoozed", "snoozed_until", until));
        assertThat(snoozed.json().path("payload").path("current_status").asString()).isEqualTo("snoozed");
        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("snoozed_until").asLong()).isEqualTo(until);
        // The same snooze again changes nothing (and writes no second activity).
        world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"), Map.of("status", "snoozed", "snoozed_until", until));
        assertThat(toggle(world, id, "pending").path("payload").path("current_status").asString()).isEqualTo("pending");
        assertThat(toggle(world, id, "open").path("payload").path("owner").asString()).isEqualTo("queue");
        // Without a status the conversation toggles between open and resolved.
        Api.Response toggled = world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"), Map.of());
        assertThat(toggled.json().path("payload").path("current_status").asString()).isEqualTo("resolved");

        // resolving twice writes one activity only
        assertThat(activityKeys(world, id)).containsExactly("resolved", "reopened", "snoozed", "handed_to_bot",
                "handed_to_people", "resolved");
        JsonNode resolvedActivity = activities(world, id).getFirst();
        assertThat(resolvedActivity.path("content").asString()).contains("resolved");
        assertThat(resolvedActivity.path("message_type").asInt()).isEqualTo(2);
    }

    @Test
    void refusesAnUnknownStatusAndASnoozeInThePast() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        assertFieldProblem(world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"), Map.of("status", "closed")),
                422, "validation_failed", "status", "inclusion");
        assertFieldProblem(world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"),
                Map.of("status", "snoozed", "snoozed_until", Instant.now().minusSeconds(60).getEpochSecond())),
                422, "validation_failed", "snoozed_until", "range");

        assertThat(world.admin.api().get(world.path("/conversations/" + id)).json().path("status").asString()).isEqualTo("open");
        assertThat(activityKeys(world, id)).isEmpty();
    }

    @Test
    void assignsSelfAssignsAndUnassignsWithActivities() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        Api.Response assigned = world.admin.api().post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", ada.id()));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(assigned.json().path("id").asLong()).isEqualTo(ada.id());
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("assignee_id").asLong()).isEqualTo(ada.id());
        assertThat(shown.path("owner").asString()).isEqualTo("agent");

        assign(world, world.admin, id, world.admin.id());
        Map<String, Object> none = new HashMap<>();
        none.put("assignee_id", null);
        Api.Response unassigned = world.admin.api().post(world.path("/conversations/" + id + "/assignments"), none);
        assertThat(unassigned.status()).isEqualTo(200);
        JsonNode after = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(after.path("assignee_id").isNull()).isTrue();
        assertThat(after.path("owner").asString()).isEqualTo("queue");

        assertThat(activityKeys(world, id)).containsExactly("assigned", "self_assigned", "unassigned");
        assertThat(activities(world, id).getFirst().path("content").asString()).contains("Ada");
    }

    @Test
    void refusesToAssignSomeoneWhoIsNotAMemberOfTheInbox() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        Fixtures.World other = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        assertFieldProblem(world.admin.api().post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", outsider.id())),
                422, "validation_failed", "assignee_id", "not_inbox_member");
        assertFieldProblem(world.admin.api().post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", other.admin.id())),
                422, "validation_failed", "assignee_id", "unknown");

        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("assignee_id").isNull()).isTrue();
        assertThat(activityKeys(world, id)).isEmpty();
    }

    @Test
    void setsAndReadsLabels() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        Api.Response set = world.admin.api().post(world.path("/conversations/" + id + "/labels"), Map.of("labels", List.of("VIP", "billing", "vip")));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("payload").valueStream().map(JsonNode::asString)).containsExactly("billing", "vip");
        assertThat(world.admin.api().get(world.path("/conversations/" + id + "/labels")).json().path("payload")
                .valueStream().map(JsonNode::asString)).containsExactly("billing", "vip");

        assertFieldProblem(world.admin.api().post(world.path("/conversations/" + id + "/labels"), Map.of("labels", List.of("has space"))),
                422, "validation_failed", "labels", "format");
        world.admin.api().post(world.path("/conversations/" + id + "/labels"), Map.of("labels", List.of("billing")));
        assertThat(world.admin.api().get(world.path("/conversations/" + id + "/labels")).json().path("payload")
                .valueStream().map(JsonNode::asString)).containsExactly("billing");
    }

    @Test
    void messagesArePagedOlderWithBefore() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "m0");
        for (int i = 1; i < 25; i++) {
            send(world, id, Map.of("content", "m" + i));
        }

        JsonNode latest = world.admin.api().get(world.path("/conversations/" + id + "/messages")).json();
        List<String> newest = contents(latest.path("payload"));
        assertThat(newest).hasSize(20).startsWith("m5").endsWith("m24");
        long oldestShown = latest.path("payload").get(0).path("id").asLong();
        JsonNode older = world.admin.api().get(world.path("/conversations/" + id + "/messages?before=" + oldestShown)).json();
        assertThat(contents(older.path("payload"))).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(latest.path("meta").path("contact").path("name").asString()).isEqualTo("Ann");
    }

    @Test
    void sendingTheSameEchoIdTwiceCreatesOneMessage() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        Api.Response first = send(world, id, Map.of("content", "only once", "echo_id", "client-42"));
        Api.Response again = send(world, id, Map.of("content", "only once", "echo_id", "client-42"));

        assertThat(again.json().path("id").asLong()).isEqualTo(first.json().path("id").asLong());
        assertThat(first.json().path("echo_id").asString()).isEqualTo("client-42");
        assertThat(contents(world.admin.api().get(world.path("/conversations/" + id + "/messages")).json().path("payload")))
                .containsExactly("hello", "only once");
    }

    @Test
    void anAgentsMessageCountsInTheirActivity() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        assertThat(agent(world, ada.id()).path("message_count").asLong()).isZero();
        assertThat(agent(world, ada.id()).path("last_activity_at").isNull()).isTrue();
        long before = Instant.now().getEpochSecond();

        ada.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "one"));
        ada.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "a note", "private", true));
        ada.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "retry", "echo_id", "e1"));
        ada.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "retry", "echo_id", "e1"));

        JsonNode shown = agent(world, ada.id());
        assertThat(shown.path("message_count").asLong()).isEqualTo(3);
        assertThat(shown.path("last_activity_at").asLong()).isGreaterThanOrEqualTo(before - 1);
        assertThat(agent(world, world.admin.id()).path("message_count").asLong()).isZero();
    }

    @Test
    void aPrivateNoteIsShownAsPrivateToAgents() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");
        JsonNode note = send(world, id, Map.of("content", "internal", "private", true)).json();
        assertThat(note.path("private").asBoolean()).isTrue();
        assertThat(note.path("message_type").asInt()).isEqualTo(1);
        assertThat(note.path("sender").path("id").asLong()).isEqualTo(world.admin.id());
    }

    // ---- helpers

    private static Api.Response send(Fixtures.World world, long id, Map<String, Object> body) {
        Api.Response response = world.admin.api().post(world.path("/conversations/" + id + "/messages"), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response;
    }

    private static void assign(Fixtures.World world, Fixtures.Person actor, long id, long assignee) {
        Api.Response response = actor.api().post(world.path("/conversations/" + id + "/assignments"), Map.of("assignee_id", assignee));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static JsonNode toggle(Fixtures.World world, long id, String status) {
        Api.Response response = world.admin.api().post(world.path("/conversations/" + id + "/toggle_status"), Map.of("status", status));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> list(Fixtures.World world, Fixtures.Person person, String query) {
        Api.Response response = person.api().get(world.path("/conversations" + (query.isEmpty() ? "" : "?" + query)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return ids(response.json().path("data").path("payload"));
    }

    private static List<Long> ids(JsonNode payload) {
        return payload.valueStream().map(c -> c.path("id").asLong()).toList();
    }

    private static List<String> contents(JsonNode messages) {
        return messages.valueStream().filter(m -> m.path("message_type").asInt() != 2).map(m -> m.path("content").asString()).toList();
    }

    private static List<JsonNode> activities(Fixtures.World world, long id) {
        return world.admin.api().get(world.path("/conversations/" + id + "/messages")).json().path("payload").valueStream()
                .filter(m -> m.path("message_type").asInt() == 2).toList();
    }

    private static List<String> activityKeys(Fixtures.World world, long id) {
        return activities(world, id).stream()
                .map(m -> m.path("content_attributes").path("activity").path("key").asString()).toList();
    }

    private static JsonNode agent(Fixtures.World world, long userId) {
        return world.admin.api().get(world.path("/agents")).json().valueStream()
                .filter(a -> a.path("id").asLong() == userId).findFirst().orElseThrow();
    }
}
