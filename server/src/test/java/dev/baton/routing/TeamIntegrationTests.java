package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TeamIntegrationTests extends IntegrationTest {

    @Test
    void administratorsManageTeamsAndTheirMembers() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person anna = world.agent("Anna");
        Api admin = world.admin.api();

        Api.Response created = admin.post(world.path("/teams"), Map.of("name", "Billing", "description", "Invoices"));
        assertThat(created.status()).isEqualTo(200);
        long teamId = created.json().path("id").asLong();
        assertThat(admin.post(world.path("/teams"), Map.of("name", "Billing")).status()).isEqualTo(422);

        JsonNode members = admin.post(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(anna.id()))).json();
        assertThat(members).extracting(m -> m.path("id").asLong()).containsExactly(anna.id());
        assertThat(anna.api().get(world.path("/teams")).json().get(0).path("is_member").asBoolean()).isTrue();

        assertThat(anna.api().post(world.path("/teams"), Map.of("name", "Sales")).code()).isEqualTo("forbidden");
        assertThat(admin.patch(world.path("/teams/" + teamId), Map.of("name", "Accounts")).json().path("name").asString())
                .isEqualTo("Accounts");
        assertThat(admin.delete(world.path("/teams/" + teamId + "/team_members"), Map.of("user_ids", List.of(anna.id()))).json())
                .isEmpty();
        assertThat(admin.delete(world.path("/teams/" + teamId)).status()).isEqualTo(200);
        assertThat(admin.get(world.path("/teams/" + teamId)).status()).isEqualTo(404);
    }

    @Test
    void aConversationIsAssignedToATeamAndFilteredByIt() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long teamId = admin.post(world.path("/teams"), Map.of("name", "Support")).json().path("id").asLong();
        long conversationId = world.conversationFrom(world.visitor("Tom"), "help");

        Api.Response assigned = admin.post(world.path("/conversations/" + conversationId + "/assignments"), Map.of("team_id", teamId));
        assertThat(assigned.json().path("name").asString()).isEqualTo("Support");
        JsonNode conversation = admin.get(world.path("/conversations/" + conversationId)).json();
        assertThat(conversation.path("team_id").asLong()).isEqualTo(teamId);
        assertThat(conversation.path("meta").path("team").path("id").asLong()).isEqualTo(teamId);

        List<String> activities = admin.get(world.path("/conversations/" + conversationId + "/messages")).json().path("payload")
                .valueStream().filter(m -> m.path("message_type").asInt() == 2).map(m -> m.path("content").asString()).toList();
        assertThat(activities).anyMatch(text -> text.contains("Support"));

        assertThat(admin.get(world.path("/conversations?team_id=" + teamId)).json().path("data").path("payload"))
                .extracting(c -> c.path("id").asLong()).containsExactly(conversationId);
    }

    @Test
    void anotherAccountsTeamCannotBeAssigned() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long foreignTeam = other.admin.api().post(other.path("/teams"), Map.of("name", "Theirs")).json().path("id").asLong();
        long conversationId = world.conversationFrom(world.visitor("Uma"), "hi");

        Api.Response refused = world.admin.api().post(world.path("/conversations/" + conversationId + "/assignments"),
                Map.of("team_id", foreignTeam));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(world.admin.api().get(world.path("/conversations/" + conversationId)).json().path("team_id").isNull()).isTrue();
    }
}
