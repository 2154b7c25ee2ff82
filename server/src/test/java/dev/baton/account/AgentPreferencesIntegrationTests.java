package dev.baton.account;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An agent's preferences per account (ADR 0014): shown in the profile, changed by the agent through the profile
 * and by administrators through /agents/{id}; a wrong type is refused and changes nothing.
 */
class AgentPreferencesIntegrationTests extends IntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void supervisingRolesSeeBotConversationsByDefaultAgentsDoNotAndEveryoneGetsHandoffMail() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        Fixtures.Person sam = world.member("Sam", "supervisor", true);

        JsonNode admin = world.admin.api().get(world.path("/agents/" + world.admin.id())).json();
        JsonNode agent = world.admin.api().get(world.path("/agents/" + ada.id())).json();
        JsonNode supervisor = world.admin.api().get(world.path("/agents/" + sam.id())).json();

        assertThat(admin.path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(supervisor.path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(agent.path("show_bot_conversations").isBoolean()).isTrue();
        assertThat(agent.path("show_bot_conversations").asBoolean()).isFalse();
        assertThat(admin.path("email_on_new_handoff").asBoolean()).isTrue();
        assertThat(agent.path("email_on_new_handoff").asBoolean()).isTrue();
    }

    @Test
    void theProfileShowsThePreferencesOfTheCurrentAccountAtTheTopAndInItsAccountEntry() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");

        JsonNode profile = ada.api().get("/api/v1/profile").json();

        assertThat(profile.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(profile.path("show_bot_conversations").isBoolean()).isTrue();
        assertThat(profile.path("show_bot_conversations").asBoolean()).isFalse();
        assertThat(profile.path("email_on_new_handoff").asBoolean()).isTrue();
        JsonNode entry = profile.path("accounts").get(0);
        assertThat(entry.path("id").asLong()).isEqualTo(world.id());
        assertThat(entry.path("show_bot_conversations").asBoolean()).isFalse();
        assertThat(entry.path("email_on_new_handoff").asBoolean()).isTrue();
    }

    @Test
    void anAgentChangesTheirOwnPreferencesThroughTheProfile() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");

        Api.Response changed = ada.api().put("/api/v1/profile",
                Map.of("show_bot_conversations", true, "email_on_new_handoff", false));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(changed.json().path("email_on_new_handoff").asBoolean()).isFalse();
        JsonNode seenByAdmin = world.admin.api().get(world.path("/agents/" + ada.id())).json();
        assertThat(seenByAdmin.path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(seenByAdmin.path("email_on_new_handoff").asBoolean()).isFalse();
    }

    @Test
    void onlyTheNamedAccountsPreferencesChange() {
        Fixtures.World first = fixtures.world();
        Fixtures.World second = fixtures.world();
        Fixtures.Person ada = first.agent("Ada");
        joinByInvitation(second, ada);

        Api.Response changed = ada.api().put("/api/v1/profile", Map.of("account_id", second.id(), "email_on_new_handoff", false));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(second.admin.api().get(second.path("/agents/" + ada.id())).json().path("email_on_new_handoff").asBoolean()).isFalse();
        assertThat(first.admin.api().get(first.path("/agents/" + ada.id())).json().path("email_on_new_handoff").asBoolean()).isTrue();
        assertFieldProblem(ada.api().put("/api/v1/profile", Map.of("account_id", 999_999_999L, "email_on_new_handoff", false)),
                422, "validation_failed", "account_id", "unknown");
    }

    @Test
    void anAdministratorSetsAnAgentsPreferences() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");

        Api.Response changed = world.admin.api().patch(world.path("/agents/" + ada.id()),
                Map.of("show_bot_conversations", true, "email_on_new_handoff", false));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(changed.json().path("email_on_new_handoff").asBoolean()).isFalse();
        JsonNode profile = ada.api().get("/api/v1/profile").json();
        assertThat(profile.path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(profile.path("email_on_new_handoff").asBoolean()).isFalse();
    }

    @Test
    void anAdministratorMayGiveANewAgentPreferencesRightAway() {
        Fixtures.World world = fixtures.world();

        Api.Response added = world.admin.api().post(world.path("/agents"), Map.of("name", "Nina",
                "email", "nina-" + System.nanoTime() + "@test.example", "password", "ninas-password",
                "show_bot_conversations", true, "email_on_new_handoff", false));

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().path("show_bot_conversations").asBoolean()).isTrue();
        assertThat(added.json().path("email_on_new_handoff").asBoolean()).isFalse();
    }

    @Test
    void aPreferenceThatIsNotABooleanIsRefusedAndNothingChanges() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        Map<String, Object> withString = new HashMap<>(Map.of("capacity", 7, "show_bot_conversations", "yes"));
        Map<String, Object> withNumber = new HashMap<>(Map.of("name", "Renamed", "email_on_new_handoff", 0));

        assertFieldProblem(world.admin.api().patch(world.path("/agents/" + ada.id()), withString),
                422, "validation_failed", "show_bot_conversations", "invalid_type");
        assertFieldProblem(ada.api().put("/api/v1/profile", withNumber),
                422, "validation_failed", "email_on_new_handoff", "invalid_type");
        assertFieldProblem(ada.api().put("/api/v1/profile", Map.of("show_bot_conversations", "true")),
                422, "validation_failed", "show_bot_conversations", "invalid_type");

        JsonNode agent = world.admin.api().get(world.path("/agents/" + ada.id())).json();
        assertThat(agent.path("capacity").asInt()).isEqualTo(3);
        assertThat(agent.path("name").asString()).isEqualTo("Ada");
        assertThat(agent.path("show_bot_conversations").asBoolean()).isFalse();
        assertThat(agent.path("email_on_new_handoff").asBoolean()).isTrue();
    }

    @Test
    void onlyAdministratorsSetOtherPeoplesPreferences() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        Fixtures.Person ben = world.agent("Ben");

        assertProblem(ada.api().patch(world.path("/agents/" + ben.id()), Map.of("email_on_new_handoff", false)), 403, "forbidden");
        assertThat(world.admin.api().get(world.path("/agents/" + ben.id())).json().path("email_on_new_handoff").asBoolean()).isTrue();
    }

    @Test
    void oneAgentOfAnotherAccountIsNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();

        assertProblem(world.admin.api().get(world.path("/agents/" + other.admin.id())), 404, "not_found");
        assertProblem(world.admin.api().get(other.path("/agents/" + other.admin.id())), 404, "not_found");
    }

    /** The person joins the second account the only way there is: invited, and accepting (with their token). */
    private void joinByInvitation(Fixtures.World world, Fixtures.Person person) {
        assertThat(world.admin.api().post(world.path("/agents"), Map.of("name", "Ada", "email", person.email())).status())
                .isEqualTo(202);
        String token = "joined-" + person.id();
        jdbc.sql("UPDATE invitation SET token_hash = ? WHERE email = ? AND account_id = ?")
                .params(dev.baton.shared.Tokens.hash(token), person.email(), world.id()).update();
        assertThat(person.api().post("/auth/invitations/" + token + "/accept", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anAgentSetsTheMessageSoundAndItsVolumeThroughTheProfileAndBadValuesChangeNothing() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        JsonNode before = ada.api().get("/api/v1/profile").json();
        assertThat(before.path("sound_on_new_message").asBoolean()).isTrue();
        assertThat(before.path("sound_volume").asInt()).isEqualTo(60);

        Api.Response changed = ada.api().put("/api/v1/profile", Map.of("sound_on_new_message", false, "sound_volume", 25));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("sound_on_new_message").asBoolean()).isFalse();
        assertThat(changed.json().path("sound_volume").asInt()).isEqualTo(25);
        assertThat(changed.json().path("accounts").get(0).path("sound_volume").asInt()).isEqualTo(25);
        assertFieldProblem(ada.api().put("/api/v1/profile", Map.of("sound_volume", 101, "email_on_new_handoff", false)),
                422, "validation_failed", "sound_volume", "range");
        assertFieldProblem(ada.api().put("/api/v1/profile", Map.of("sound_on_new_message", "yes")),
                422, "validation_failed", "sound_on_new_message", "invalid_type");
        JsonNode after = ada.api().get("/api/v1/profile").json();
        assertThat(after.path("sound_volume").asInt()).isEqualTo(25);
        assertThat(after.path("email_on_new_handoff").asBoolean()).as("a refused request changes nothing").isTrue();
    }
}
