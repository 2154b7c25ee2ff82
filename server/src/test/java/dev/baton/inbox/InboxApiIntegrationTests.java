package dev.baton.inbox;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Inboxes (web widget and API channels) and their members, through /inboxes and /inbox_members. */
class InboxApiIntegrationTests extends IntegrationTest {

    @Test
    void createsAWebWidgetInboxWithItsTokenAndScript() {
        Fixtures.World world = fixtures.world();

        Api.Response created = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Shop",
                "channel", Map.of("type", "web_widget", "website_url", "https://shop.example", "widget_color", "#1f93ff")));

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode inbox = created.json();
        assertThat(inbox.path("channel_type").asString()).isEqualTo("Channel::WebWidget");
        String token = inbox.path("website_token").asString();
        assertThat(token).isNotBlank();
        assertThat(inbox.path("inbox_identifier").isNull()).isTrue();
        assertThat(inbox.path("web_widget_script").asString()).contains(token).contains("<script");
        assertThat(inbox.path("website_url").asString()).isEqualTo("https://shop.example");
        // The token opens the public API: a visitor can be created in the new inbox.
        assertThat(fixtures.visitor(token, "Vic").contactId()).isPositive();
    }

    @Test
    void createsAnApiInboxWithAnInboxIdentifier() {
        Fixtures.World world = fixtures.world();

        JsonNode inbox = world.admin.api().post(world.path("/inboxes"),
                Map.of("name", "Relay", "channel", Map.of("type", "api", "webhook_url", "https://hooks.example/in"))).json();

        assertThat(inbox.path("channel_type").asString()).isEqualTo("Channel::Api");
        assertThat(inbox.path("inbox_identifier").asString()).isNotBlank();
        assertThat(inbox.path("website_token").isNull()).isTrue();
        assertThat(inbox.path("web_widget_script").isNull()).isTrue();
        assertThat(inbox.path("webhook_url").asString()).isEqualTo("https://hooks.example/in");
    }

    @Test
    void refusesAnUnknownChannelTypeAMissingNameAndABadColourWithoutCreatingAnything() {
        Fixtures.World world = fixtures.world();
        int before = inboxCount(world);

        assertFieldProblem(world.admin.api().post(world.path("/inboxes"), Map.of("name", "X", "channel", Map.of("type", "email"))),
                422, "validation_failed", "channel.type", "inclusion");
        assertFieldProblem(world.admin.api().post(world.path("/inboxes"), Map.of("channel", Map.of("type", "api"))),
                422, "validation_failed", "name", "required");
        assertFieldProblem(world.admin.api().post(world.path("/inboxes"),
                Map.of("name", "X", "channel", Map.of("type", "web_widget", "widget_color", "red"))),
                422, "validation_failed", "channel.widget_color", "format");
        assertFieldProblem(world.admin.api().post(world.path("/inboxes"),
                Map.of("name", "X", "channel", Map.of("type", "web_widget", "website_url", "javascript:alert(1)"))),
                422, "validation_failed", "channel.website_url", "url");

        assertThat(inboxCount(world)).isEqualTo(before);
    }

    @Test
    void listsShowsAndUpdatesInboxes() {
        Fixtures.World world = fixtures.world();
        long id = world.inbox.id();

        Api.Response list = world.admin.api().get(world.path("/inboxes"));
        assertThat(list.json().path("payload").valueStream().map(i -> i.path("id").asLong())).containsExactly(id);

        Api.Response updated = world.admin.api().patch(world.path("/inboxes/" + id), Map.of("name", "Renamed",
                "greeting_message", "Hi there", "locale", "de", "allowed_origins", List.of("https://Shop.example/", "http://localhost:3000")));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        JsonNode shown = world.admin.api().get(world.path("/inboxes/" + id)).json();
        assertThat(shown.path("name").asString()).isEqualTo("Renamed");
        assertThat(shown.path("greeting_message").asString()).isEqualTo("Hi there");
        assertThat(shown.path("greeting_enabled").asBoolean()).isTrue();
        assertThat(shown.path("locale").asString()).isEqualTo("de");
        assertThat(shown.path("allowed_origins").valueStream().map(JsonNode::asString))
                .containsExactly("https://shop.example", "http://localhost:3000");
        assertThat(shown.path("website_token").asString()).isEqualTo(world.inbox.identifier());
    }

    @Test
    void refusesAllowedOriginsThatAreNotOriginsAndKeepsTheOldOnes() {
        Fixtures.World world = fixtures.world();
        String path = world.path("/inboxes/" + world.inbox.id());
        world.admin.api().patch(path, Map.of("allowed_origins", List.of("https://ok.example")));

        for (String bad : List.of("https://ok.example/path", "ftp://files.example", "not an origin", "https://x.example?q=1", "")) {
            assertFieldProblem(world.admin.api().patch(path, Map.of("allowed_origins", List.of("https://fine.example", bad))),
                    422, "validation_failed", "allowed_origins", "format");
        }

        assertThat(world.admin.api().get(path).json().path("allowed_origins").valueStream().map(JsonNode::asString))
                .containsExactly("https://ok.example");
    }

    @Test
    void agentsMayNotCreateOrChangeInboxes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        int before = inboxCount(world);

        assertProblem(ada.api().post(world.path("/inboxes"), Map.of("name", "Mine", "channel", Map.of("type", "api"))),
                403, "forbidden");
        assertProblem(ada.api().patch(world.path("/inboxes/" + world.inbox.id()), Map.of("name", "Hacked")), 403, "forbidden");

        assertThat(inboxCount(world)).isEqualTo(before);
        assertThat(world.admin.api().get(world.path("/inboxes/" + world.inbox.id())).json().path("name").asString())
                .isEqualTo(world.inbox.name());
    }

    @Test
    void anAgentSeesOnlyTheInboxesTheyAreAMemberOf() {
        Fixtures.World world = fixtures.world();
        long other = world.admin.api().post(world.path("/inboxes"), Map.of("name", "Other", "channel", Map.of("type", "api")))
                .json().path("id").asLong();
        Fixtures.Person ada = world.agent("Ada");
        Fixtures.Person supervisor = world.member("Sue", "supervisor", false);

        assertThat(ada.api().get(world.path("/inboxes")).json().path("payload").valueStream().map(i -> i.path("id").asLong()))
                .containsExactly(world.inbox.id());
        assertProblem(ada.api().get(world.path("/inboxes/" + other)), 404, "not_found");
        assertProblem(ada.api().get(world.path("/inbox_members/" + other)), 404, "not_found");
        assertThat(supervisor.api().get(world.path("/inboxes")).json().path("payload").valueStream()
                .map(i -> i.path("id").asLong())).containsExactlyInAnyOrder(world.inbox.id(), other);
    }

    @Test
    void anInboxOfAnotherAccountIsNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        String foreign = world.path("/inboxes/" + other.inbox.id());

        assertProblem(world.admin.api().get(foreign), 404, "not_found");
        assertProblem(world.admin.api().patch(foreign, Map.of("name", "Stolen")), 404, "not_found");
        assertProblem(world.admin.api().get(world.path("/inbox_members/" + other.inbox.id())), 404, "not_found");
        assertProblem(world.admin.api().post(world.path("/inbox_members"),
                Map.of("inbox_id", other.inbox.id(), "user_ids", List.of(world.admin.id()))), 404, "not_found");
        assertProblem(world.admin.api().get(world.path("/inboxes/999999999")), 404, "not_found");

        assertThat(other.admin.api().get(other.path("/inboxes/" + other.inbox.id())).json().path("name").asString())
                .isEqualTo(other.inbox.name());
        assertThat(memberIds(other, other.inbox.id())).containsExactly(other.admin.id());
    }

    @Test
    void inboxMembersAreAddedReplacedRemovedAndListed() {
        Fixtures.World world = fixtures.world();
        long inbox = world.inbox.id();
        Fixtures.Person ada = world.member("Ada", "agent", false);
        Fixtures.Person bob = world.member("Bob", "agent", false);

        Api.Response added = world.admin.api().post(world.path("/inbox_members"), Map.of("inbox_id", inbox, "user_ids", List.of(ada.id())));
        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(memberIds(world, inbox)).containsExactlyInAnyOrder(world.admin.id(), ada.id());
        assertThat(ada.api().get(world.path("/inboxes/" + inbox)).status()).isEqualTo(200);

        world.admin.api().patch(world.path("/inbox_members"), Map.of("inbox_id", inbox, "user_ids", List.of(bob.id(), world.admin.id())));
        assertThat(memberIds(world, inbox)).containsExactlyInAnyOrder(world.admin.id(), bob.id());
        assertProblem(ada.api().get(world.path("/inboxes/" + inbox)), 404, "not_found");

        Api.Response removed = world.admin.api().delete(world.path("/inbox_members"), Map.of("inbox_id", inbox, "user_ids", List.of(bob.id())));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("payload").valueStream().map(m -> m.path("id").asLong())).containsExactly(world.admin.id());
        assertThat(memberIds(world, inbox)).containsExactly(world.admin.id());
    }

    @Test
    void refusesMembersWhoAreNotAgentsOfTheAccount() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long inbox = world.inbox.id();

        assertFieldProblem(world.admin.api().post(world.path("/inbox_members"),
                Map.of("inbox_id", inbox, "user_ids", List.of(other.admin.id()))), 422, "validation_failed", "user_ids", "unknown_agent");
        assertFieldProblem(world.admin.api().patch(world.path("/inbox_members"),
                Map.of("inbox_id", inbox, "user_ids", List.of())), 422, "validation_failed", "user_ids", "required");
        assertFieldProblem(world.admin.api().post(world.path("/inbox_members"), Map.of("user_ids", List.of(world.admin.id()))),
                422, "validation_failed", "inbox_id", "required");

        assertThat(memberIds(world, inbox)).containsExactly(world.admin.id());
    }

    private static List<Long> memberIds(Fixtures.World world, long inboxId) {
        Api.Response response = world.admin.api().get(world.path("/inbox_members/" + inboxId));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("payload").valueStream().map(m -> m.path("id").asLong()).toList();
    }

    private static int inboxCount(Fixtures.World world) {
        return world.admin.api().get(world.path("/inboxes")).json().path("payload").size();
    }
}
