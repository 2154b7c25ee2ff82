package dev.baton.account;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The people of an account: /agents list, add, update, remove; roles, licences and capacity. */
class AgentApiIntegrationTests extends IntegrationTest {

    @Test
    void listsTheAgentsOfTheAccountOnly() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        fixtures.world(); // another account with its own admin

        Api.Response response = ada.api().get(world.path("/agents"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().isArray()).isTrue();
        assertThat(response.json().valueStream().map(a -> a.path("id").asLong()))
                .containsExactlyInAnyOrder(world.admin.id(), ada.id());
        JsonNode admin = find(response.json(), world.admin.id());
        assertThat(admin.path("role").asString()).isEqualTo("administrator");
        assertThat(admin.path("email").asString()).isEqualTo(world.admin.email());
        assertThat(admin.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(admin.has("password")).isTrue();
        assertThat(admin.path("password").isNull()).isTrue();
    }

    @Test
    void anAdministratorAddsANewPersonWithAPasswordWhoCanSignInAtOnce() {
        Fixtures.World world = fixtures.world();
        String email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";

        Api.Response added = world.admin.api().post(world.path("/agents"),
                Map.of("name", "Nina", "email", email, "role", "supervisor", "capacity", 4, "password", "ninas-password"));

        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        JsonNode agent = added.json();
        assertThat(agent.path("role").asString()).isEqualTo("supervisor");
        assertThat(agent.path("capacity").asInt()).isEqualTo(4);
        assertThat(agent.path("licensed").asBoolean()).isFalse();
        assertThat(agent.path("password").isNull()).isTrue();
        Api.Response signIn = anonymous.post("/auth/sign_in", Map.of("email", email, "password", "ninas-password"));
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.json().path("data").path("accounts").get(0).path("role").asString()).isEqualTo("supervisor");
    }

    @Test
    void withoutAPasswordANewPersonIsInvitedInsteadAndIsNoMemberYet() {
        Fixtures.World world = fixtures.world();
        String email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";

        Api.Response invited = world.admin.api().post(world.path("/agents"), Map.of("name", "Nina", "email", email));

        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        assertThat(invited.json().path("email").asString()).isEqualTo(email);
        assertThat(world.admin.api().get(world.path("/agents")).json().valueStream()
                .noneMatch(a -> email.equals(a.path("email").asString()))).isTrue();
        assertProblem(anonymous.post("/auth/sign_in", Map.of("email", email, "password", "anything-at-all")),
                401, "invalid_credentials");
    }

    @Test
    void refusesAnUnknownRoleAnInvalidEmailAndADuplicateMember() {
        Fixtures.World world = fixtures.world();
        int before = world.admin.api().get(world.path("/agents")).json().size();

        assertFieldProblem(world.admin.api().post(world.path("/agents"),
                Map.of("name", "X", "email", "x-" + world.id() + "@test.example", "role", "owner")),
                422, "validation_failed", "role", "inclusion");
        assertFieldProblem(world.admin.api().post(world.path("/agents"), Map.of("name", "X", "email", "not-an-email")),
                422, "validation_failed", "email", "email");
        assertProblem(world.admin.api().post(world.path("/agents"), Map.of("name", "Me", "email", world.admin.email())),
                409, "already_member");

        assertThat(world.admin.api().get(world.path("/agents")).json().size()).isEqualTo(before);
    }

    @Test
    void agentsMayNotManageAgents() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");

        assertProblem(ada.api().post(world.path("/agents"), Map.of("name", "X", "email", "x-" + world.id() + "@test.example")),
                403, "forbidden");
        assertProblem(ada.api().patch(world.path("/agents/" + ada.id()), Map.of("role", "administrator")), 403, "forbidden");
        assertProblem(ada.api().delete(world.path("/agents/" + world.admin.id())), 403, "forbidden");
        assertThat(find(world.admin.api().get(world.path("/agents")).json(), ada.id()).path("role").asString())
                .isEqualTo("agent");
    }

    @Test
    void updatesRoleCapacityAndName() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");

        Api.Response updated = world.admin.api().patch(world.path("/agents/" + ada.id()),
                Map.of("role", "supervisor", "capacity", 7, "name", "Ada Lovelace"));

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonNode listed = find(world.admin.api().get(world.path("/agents")).json(), ada.id());
        assertThat(listed.path("role").asString()).isEqualTo("supervisor");
        assertThat(listed.path("capacity").asInt()).isEqualTo(7);
        assertThat(listed.path("name").asString()).isEqualTo("Ada Lovelace");

        assertFieldProblem(world.admin.api().patch(world.path("/agents/" + ada.id()), Map.of("capacity", 101)),
                422, "validation_failed", "capacity", "range");
        assertThat(find(world.admin.api().get(world.path("/agents")).json(), ada.id()).path("capacity").asInt()).isEqualTo(7);
    }

    @Test
    void grantingMoreLicencesThanSeatsIsRefused() {
        Fixtures.World world = fixtures.world();
        world.admin.api().patch(world.path(""), Map.of("licence_seats", 1));
        Fixtures.Person ada = world.agent("Ada");
        Fixtures.Person bob = world.agent("Bob");

        assertThat(world.admin.api().patch(world.path("/agents/" + ada.id()), Map.of("licensed", true)).json()
                .path("licensed").asBoolean()).isTrue();
        assertProblem(world.admin.api().patch(world.path("/agents/" + bob.id()), Map.of("licensed", true)),
                409, "licence_seats_exhausted");
        assertProblem(world.admin.api().post(world.path("/agents"),
                Map.of("name", "Cid", "email", "cid-" + world.id() + "@test.example", "licensed", true, "password", "cids-password")),
                409, "licence_seats_exhausted");
        assertProblem(world.admin.api().post(world.path("/agents"),
                Map.of("name", "Dee", "email", "dee-" + world.id() + "@test.example", "licensed", true)),
                409, "licence_seats_exhausted");

        JsonNode agents = world.admin.api().get(world.path("/agents")).json();
        assertThat(find(agents, bob.id()).path("licensed").asBoolean()).isFalse();
        assertThat(agents.size()).isEqualTo(3);
        assertThat(world.admin.api().get(world.path("")).json().path("licences_used").asInt()).isEqualTo(1);

        // Withdrawing a licence frees the seat.
        world.admin.api().patch(world.path("/agents/" + ada.id()), Map.of("licensed", false));
        assertThat(world.admin.api().patch(world.path("/agents/" + bob.id()), Map.of("licensed", true)).status())
                .isEqualTo(200);
    }

    @Test
    void theLastAdministratorCanNeitherBeRemovedNorDemoted() {
        Fixtures.World world = fixtures.world();

        assertProblem(world.admin.api().delete(world.path("/agents/" + world.admin.id())), 409, "last_administrator");
        assertProblem(world.admin.api().patch(world.path("/agents/" + world.admin.id()), Map.of("role", "agent")),
                409, "last_administrator");
        assertThat(find(world.admin.api().get(world.path("/agents")).json(), world.admin.id()).path("role").asString())
                .isEqualTo("administrator");

        Fixtures.Person second = world.member("Second", "administrator", false);
        assertThat(world.admin.api().patch(world.path("/agents/" + world.admin.id()), Map.of("role", "agent")).status())
                .isEqualTo(200);
        assertProblem(second.api().delete(world.path("/agents/" + second.id())), 409, "last_administrator");
    }

    @Test
    void removingAnAgentTakesThemOutOfTheAccountAndItsInboxes() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");

        assertThat(world.admin.api().delete(world.path("/agents/" + ada.id())).status()).isEqualTo(200);

        assertThat(world.admin.api().get(world.path("/agents")).json().valueStream().map(a -> a.path("id").asLong()))
                .doesNotContain(ada.id());
        assertThat(world.admin.api().get(world.path("/inbox_members/" + world.inbox.id())).json().path("payload")
                .valueStream().map(a -> a.path("id").asLong())).doesNotContain(ada.id());
        assertProblem(ada.api().get(world.path("/conversations")), 404, "not_found");
        assertProblem(world.admin.api().delete(world.path("/agents/" + ada.id())), 404, "not_found");
    }

    @Test
    void anAgentOfAnotherAccountIsNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        Fixtures.Person stranger = other.agent("Stranger");

        assertProblem(world.admin.api().patch(world.path("/agents/" + stranger.id()), Map.of("capacity", 9)), 404, "not_found");
        assertProblem(world.admin.api().delete(world.path("/agents/" + stranger.id())), 404, "not_found");
        assertThat(find(other.admin.api().get(other.path("/agents")).json(), stranger.id()).path("capacity").asInt())
                .isEqualTo(3);
    }

    @Test
    void concurrentLicenceGrantsOfTwoAdministratorsNeverExceedTheSeats() throws Exception {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().get(world.path("")).json().path("licence_seats").asInt()).isEqualTo(5);
        Fixtures.Person secondAdmin = world.member("Second admin", "administrator", false);
        List<Fixtures.Person> agents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            agents.add(world.member("Agent " + i, "agent", false));
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < agents.size(); i++) {
                Fixtures.Person agent = agents.get(i);
                Api admin = i % 2 == 0 ? world.admin.api() : secondAdmin.api();
                results.add(pool.submit(() -> {
                    start.await();
                    return admin.patch(world.path("/agents/" + agent.id()), Map.of("licensed", true));
                }));
            }
            start.countDown();
        }

        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> result : results) {
            responses.add(result.get());
        }
        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(5);
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .hasSize(15)
                .allSatisfy(r -> assertProblem(r, 409, "licence_seats_exhausted"));
        assertThat(world.admin.api().get(world.path("")).json().path("licences_used").asInt()).isEqualTo(5);
        assertThat(world.admin.api().get(world.path("/agents")).json().valueStream()
                .filter(a -> a.path("licensed").asBoolean()).count()).isEqualTo(5);
    }

    @Test
    void theAdministratorSetsTheSeatsWithinTheInstallationsLimit() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        JsonNode account = admin.get(world.path("")).json();
        int limit = account.path("max_licence_seats").asInt();
        assertThat(limit).isEqualTo(100_000);

        assertThat(admin.patch(world.path(""), Map.of("licence_seats", limit)).json().path("licence_seats").asInt()).isEqualTo(limit);
        assertThat(admin.patch(world.path(""), Map.of("licence_seats", 7)).json().path("licence_seats").asInt()).isEqualTo(7);

        // Above the limit: refused with its own code, and nothing of the request is written (not even the name).
        Api.Response above = admin.patch(world.path(""), Map.of("name", "Renamed", "licence_seats", limit + 1));
        assertProblem(above, 422, "licence_seats_above_limit");
        assertThat(above.json().path("detail").asString()).contains(String.valueOf(limit));
        // Below the licences in use: refused, nothing changed.
        Fixtures.Person licensed = world.member("Licensed", "agent", false);
        assertThat(admin.patch(world.path("/agents/" + licensed.id()), Map.of("licensed", true)).status()).isEqualTo(200);
        long used = admin.get(world.path("")).json().path("licences_used").asLong();
        assertThat(used).isPositive();
        assertProblem(admin.patch(world.path(""), Map.of("name", "Renamed", "licence_seats", used - 1)), 409, "licence_seats_in_use");
        JsonNode unchanged = admin.get(world.path("")).json();
        assertThat(unchanged.path("licence_seats").asInt()).isEqualTo(7);
        assertThat(unchanged.path("name").asString()).isEqualTo(account.path("name").asString());

        // Not an administrator: the seats are not theirs to set.
        Fixtures.Person agent = world.member("Plain agent", "agent", false);
        assertThat(agent.api().patch(world.path(""), Map.of("licence_seats", 9)).status()).isEqualTo(403);
        assertThat(admin.get(world.path("")).json().path("licence_seats").asInt()).isEqualTo(7);
    }

    private static JsonNode find(JsonNode agents, long id) {
        return agents.valueStream().filter(a -> a.path("id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("agent " + id + " not in " + agents));
    }
}
