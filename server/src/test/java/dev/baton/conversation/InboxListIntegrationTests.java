package dev.baton.conversation;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import dev.baton.testing.SocketClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The inbox list's unread filter and count, search, cues (waiting, visitor online), and a contact's conversations. */
class InboxListIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void unreadFilterAndCountFollowVisitorMessagesUntilAnAgentHasSeenThem() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor ann = world.visitor("Ann");
        long unread = world.conversationFrom(ann, "hello");
        long seen = world.conversationFrom(world.visitor("Ben"), "hi");
        seen(world, seen);

        assertThat(list(world, "unread=true")).containsExactly(unread);
        assertThat(list(world, "unread=false")).containsExactlyInAnyOrder(unread, seen);
        JsonNode meta = world.admin.api().get(world.path("/conversations/meta?status=open")).json().path("meta");
        assertThat(meta.path("unread_count").asLong()).isEqualTo(1);
        assertThat(meta.path("all_count").asLong()).isEqualTo(2);
        assertThat(world.admin.api().get(world.path("/conversations?unread=true")).json().path("data").path("meta")
                .path("unread_count").asLong()).isEqualTo(1);

        seen(world, unread);
        assertThat(list(world, "unread=true")).isEmpty();
        assertThat(world.admin.api().get(world.path("/conversations/meta")).json().path("meta").path("unread_count").asLong())
                .isZero();

        // The visitor writes again after the agent saw it: unread again.
        ann.api().post(ann.path() + "/conversations/" + unread + "/messages", Map.of("content", "still there?"));
        assertThat(list(world, "unread=true")).containsExactly(unread);
        assertFieldProblem(world.admin.api().get(world.path("/conversations?unread=maybe")),
                422, "validation_failed", "unread", "inclusion");
    }

    @Test
    void unreadCombinesWithTheAssigneeFilter() {
        Fixtures.World world = fixtures.world();
        long mine = world.conversationFrom(world.visitor("Ann"), "one");
        long nobodys = world.conversationFrom(world.visitor("Ben"), "two");
        world.admin.api().post(world.path("/conversations/" + mine + "/assignments"), Map.of("assignee_id", world.admin.id()));

        assertThat(list(world, "assignee_type=me&unread=true")).containsExactly(mine);
        assertThat(list(world, "assignee_type=unassigned&unread=true")).containsExactly(nobodys);
    }

    @Test
    void searchFindsConversationsByContactNameEmailAndMessageText() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor lena = world.visitor("Lena Berg");
        long byName = world.conversationFrom(lena, "good morning");
        Fixtures.Visitor other = world.visitor("Otto");
        long byText = world.conversationFrom(other, "Do you have the Eiger boots in size 42?");
        long byEmail = world.conversationFrom(world.visitor("Carla"), "hi");
        long carlaContact = world.admin.api().get(world.path("/conversations/" + byEmail)).json()
                .path("meta").path("sender").path("id").asLong();
        world.admin.api().put(world.path("/contacts/" + carlaContact), Map.of("email", "carla@summit.example"));
        long unrelated = world.conversationFrom(world.visitor("Zoe"), "nothing to see");

        assertThat(search(world, "lena")).containsExactly(byName);
        assertThat(search(world, "EIGER BOOTS")).containsExactly(byText);
        assertThat(search(world, "summit.example")).containsExactly(byEmail);
        assertThat(search(world, "   ")).containsExactlyInAnyOrder(byName, byText, byEmail, unrelated);
        // LIKE's wildcards are plain characters in a search.
        assertThat(search(world, "%")).isEmpty();
        assertThat(search(world, "_")).isEmpty();
        // An agent's reply and private notes are searched too; activity messages are not.
        world.admin.api().post(world.path("/conversations/" + unrelated + "/messages"),
                Map.of("content", "Note: call back about the invoice", "private", true));
        assertThat(search(world, "invoice")).containsExactly(unrelated);
        world.admin.api().post(world.path("/conversations/" + unrelated + "/toggle_status"), Map.of("status", "resolved"));
        assertThat(list(world, "status=resolved&q=invoice")).containsExactly(unrelated);
        assertThat(list(world, "status=resolved&q=" + encode("resolved"))).as("activities are not searched").isEmpty();
    }

    @Test
    void searchIsPagedAndScopedToTheCallersInboxes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        for (int i = 0; i < 27; i++) {
            world.conversationFrom(world.visitor("V" + i), "parcel number " + i);
        }
        List<Long> first = search(world, "parcel");
        List<Long> second = list(world, "q=parcel&page=2");
        assertThat(first).hasSize(25);
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
        Api.Response forOutsider = outsider.api().get(world.path("/conversations?q=parcel"));
        assertThat(forOutsider.status()).isEqualTo(200);
        assertThat(forOutsider.json().path("data").path("payload").size()).isZero();
    }

    @Test
    void refusesASearchThatIsTooLongOrHasControlCharactersAndChangesNothing() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        assertFieldProblem(world.admin.api().get(world.path("/conversations?q=" + "x".repeat(201))),
                422, "validation_failed", "q", "length");
        assertFieldProblem(world.admin.api().get(world.path("/conversations?q=" + encode("a\u0007b"))),
                422, "validation_failed", "q", "format");
        assertThat(search(world, "x".repeat(200))).isEmpty();
        assertThat(list(world, "")).containsExactly(id);
    }

    @Test
    void waitingSinceIsSetByTheVisitorAndClearedByAReplyButNotByANote() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor ann = world.visitor("Ann");
        long id = world.conversationFrom(ann, "hello");
        long firstWaiting = listed(world, id).path("waiting_since").asLong();
        assertThat(firstWaiting).isPositive();

        ann.api().post(ann.path() + "/conversations/" + id + "/messages", Map.of("content", "anyone?"));
        assertThat(listed(world, id).path("waiting_since").asLong()).as("still since the first message").isEqualTo(firstWaiting);
        world.admin.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "checking", "private", true));
        assertThat(listed(world, id).path("waiting_since").isNull()).isFalse();

        world.admin.api().post(world.path("/conversations/" + id + "/messages"), Map.of("content", "Hi Ann!"));
        assertThat(listed(world, id).path("waiting_since").isNull()).isTrue();
        JsonNode shown = world.admin.api().get(world.path("/conversations/" + id)).json();
        assertThat(shown.path("waiting_since").isNull()).isTrue();
        assertThat(shown.has("visitor_online")).isTrue();
    }

    @Test
    void aVisitorIsOnlineWhileTheirWidgetSocketIsOpenAndAgentsAreTold() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor ann = world.visitor("Ann");
        long id = world.conversationFrom(ann, "hello");
        assertThat(listed(world, id).path("visitor_online").asBoolean()).isFalse();

        try (SocketClient agent = SocketClient.agent(port, world.admin.token())) {
            agent.send(Map.of("type", "resume", "conversations", Map.of()));
            agent.await("resumed", WAIT);
            SocketClient first = SocketClient.visitor(port, ann.pubsubToken());
            JsonNode online = agent.await("visitor.presence_changed", WAIT);
            assertThat(online.path("data").path("online").asBoolean()).isTrue();
            assertThat(online.path("data").path("conversation_ids").valueStream().map(JsonNode::asLong)).containsExactly(id);
            assertThat(listed(world, id).path("visitor_online").asBoolean()).isTrue();

            // A second tab, then the first closes: still online.
            try (SocketClient second = SocketClient.visitor(port, ann.pubsubToken())) {
                second.await("welcome", WAIT);
                first.close();
                assertThat(agent.drain(Duration.ofSeconds(1)))
                        .noneMatch(e -> "visitor.presence_changed".equals(e.path("type").asString()));
                assertThat(listed(world, id).path("visitor_online").asBoolean()).isTrue();
            }
            JsonNode offline = agent.await("visitor.presence_changed", WAIT);
            assertThat(offline.path("data").path("online").asBoolean()).isFalse();
            assertThat(listed(world, id).path("visitor_online").asBoolean()).isFalse();
        }
    }

    @Test
    void aContactsConversationsAreListedOnlyInTheInboxesTheCallerSees() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person member = world.agent("Mo");
        Fixtures.Person outsider = world.member("Olga", "agent", false);
        Fixtures.Visitor ann = world.visitor("Ann");
        long first = world.conversationFrom(ann, "first visit");
        world.admin.api().post(world.path("/conversations/" + first + "/toggle_status"), Map.of("status", "resolved"));
        long second = world.conversationFrom(ann, "second visit");
        long contactId = ann.contactId();
        world.conversationFrom(world.visitor("Ben"), "someone else");

        JsonNode forMember = member.api().get(world.path("/contacts/" + contactId + "/conversations")).json();
        assertThat(forMember.path("payload").valueStream().map(c -> c.path("id").asLong())).containsExactly(second, first);
        assertThat(forMember.path("payload").get(1).path("status").asString()).isEqualTo("resolved");

        Api.Response forOutsider = outsider.api().get(world.path("/contacts/" + contactId + "/conversations"));
        assertThat(forOutsider.status()).isEqualTo(200);
        assertThat(forOutsider.json().path("payload").size()).isZero();

        Fixtures.World elsewhere = fixtures.world();
        assertProblem(elsewhere.admin.api().get(elsewhere.path("/contacts/" + contactId + "/conversations")), 404, "not_found");
        assertFieldProblem(member.api().get(world.path("/contacts/" + contactId + "/conversations?page=0")),
                422, "validation_failed", "page", "range");
        assertThat(member.api().get(world.path("/contacts/" + contactId + "/conversations?page=2")).json()
                .path("payload").size()).isZero();
    }

    private static void seen(Fixtures.World world, long id) {
        Api.Response response = world.admin.api().post(world.path("/conversations/" + id + "/update_last_seen"), Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private static JsonNode listed(Fixtures.World world, long id) {
        return world.admin.api().get(world.path("/conversations?status=all")).json().path("data").path("payload")
                .valueStream().filter(c -> c.path("id").asLong() == id).findFirst().orElseThrow();
    }

    private static List<Long> search(Fixtures.World world, String q) {
        return list(world, "q=" + encode(q));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<Long> list(Fixtures.World world, String query) {
        Api.Response response = world.admin.api().get(world.path("/conversations" + (query.isEmpty() ? "" : "?" + query)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("data").path("payload").valueStream().map(c -> c.path("id").asLong()).toList();
    }
}
