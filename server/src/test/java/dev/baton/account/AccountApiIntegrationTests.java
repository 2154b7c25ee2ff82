package dev.baton.account;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Account settings: GET/PATCH /api/v1/accounts/{id}. */
class AccountApiIntegrationTests extends IntegrationTest {

    @Test
    void showsTheAccountsSettingsWithItsDefaults() {
        Fixtures.World world = fixtures.world();
        JsonNode account = world.admin.api().get(world.path("")).json();
        assertThat(account.path("id").asLong()).isEqualTo(world.id());
        assertThat(account.path("locale").asString()).isEqualTo("en");
        assertThat(account.path("max_message_length").asInt()).isEqualTo(1000);
        assertThat(account.path("licence_seats").asInt()).isEqualTo(5);
        assertThat(account.path("licences_used").asInt()).isZero();
        assertThat(account.path("time_zone").asString()).isEqualTo("UTC");
    }

    @Test
    void anAdministratorSetsTheTimeZoneAndABadZoneIsRefused() {
        Fixtures.World world = fixtures.world();
        Api.Response response = world.admin.api().patch(world.path(""), Map.of("time_zone", "Europe/Zurich"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("time_zone").asString()).isEqualTo("Europe/Zurich");
        assertThat(world.admin.api().get(world.path("")).json().path("time_zone").asString()).isEqualTo("Europe/Zurich");
        for (String bad : new String[] {"Mars/Olympus", "+02:00", ""}) {
            assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("time_zone", bad)), 422, "validation_failed",
                    "time_zone", "inclusion");
        }
        assertThat(world.admin.api().get(world.path("")).json().path("time_zone").asString()).isEqualTo("Europe/Zurich");
    }

    @Test
    void anAdministratorChangesLocaleMaximumLengthAndSeats() {
        Fixtures.World world = fixtures.world();
        for (String locale : new String[] {"de", "fr", "it", "en"}) {
            Api.Response response = world.admin.api().patch(world.path(""), Map.of("locale", locale));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().path("locale").asString()).isEqualTo(locale);
        }
        Api.Response response = world.admin.api().patch(world.path(""),
                Map.of("locale", "fr", "max_message_length", 250, "licence_seats", 12));
        assertThat(response.status()).isEqualTo(200);

        JsonNode shown = world.admin.api().get(world.path("")).json();
        assertThat(shown.path("locale").asString()).isEqualTo("fr");
        assertThat(shown.path("max_message_length").asInt()).isEqualTo(250);
        assertThat(shown.path("licence_seats").asInt()).isEqualTo(12);
    }

    @Test
    void refusesALocaleOtherThanTheFourLanguagesAndKeepsTheOldOne() {
        Fixtures.World world = fixtures.world();
        assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("locale", "es")), 422, "validation_failed",
                "locale", "inclusion");
        assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("locale", "EN")), 422, "validation_failed",
                "locale", "inclusion");
        assertThat(world.admin.api().get(world.path("")).json().path("locale").asString()).isEqualTo("en");
    }

    @Test
    void refusesAMaximumMessageLengthOutOfRange() {
        Fixtures.World world = fixtures.world();
        assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("max_message_length", 0)), 422,
                "validation_failed", "max_message_length", "range");
        assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("max_message_length", 20_001)), 422,
                "validation_failed", "max_message_length", "range");
        assertFieldProblem(world.admin.api().patch(world.path(""), Map.of("licence_seats", -1)), 422,
                "validation_failed", "licence_seats", "range");
        JsonNode shown = world.admin.api().get(world.path("")).json();
        assertThat(shown.path("max_message_length").asInt()).isEqualTo(1000);
        assertThat(shown.path("licence_seats").asInt()).isEqualTo(5);
    }

    @Test
    void agentsAndSupervisorsMayReadButNotChangeTheAccount() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ada");
        Fixtures.Person supervisor = world.member("Sue", "supervisor", false);

        assertThat(agent.api().get(world.path("")).status()).isEqualTo(200);
        assertProblem(agent.api().patch(world.path(""), Map.of("locale", "de")), 403, "forbidden");
        assertProblem(supervisor.api().patch(world.path(""), Map.of("licence_seats", 50)), 403, "forbidden");

        JsonNode shown = world.admin.api().get(world.path("")).json();
        assertThat(shown.path("locale").asString()).isEqualTo("en");
        assertThat(shown.path("licence_seats").asInt()).isEqualTo(5);
    }

    @Test
    void seatsCannotGoBelowTheLicencesInUse() {
        Fixtures.World world = fixtures.world();
        for (String name : new String[] {"Ann", "Bob", "Cid"}) {
            Fixtures.Person agent = world.agent(name);
            assertThat(world.admin.api().patch(world.path("/agents/" + agent.id()), Map.of("licensed", true)).status())
                    .isEqualTo(200);
        }

        assertProblem(world.admin.api().patch(world.path(""), Map.of("licence_seats", 2)), 409, "licence_seats_in_use");
        assertThat(world.admin.api().get(world.path("")).json().path("licence_seats").asInt()).isEqualTo(5);

        Api.Response exact = world.admin.api().patch(world.path(""), Map.of("licence_seats", 3));
        assertThat(exact.status()).isEqualTo(200);
        assertThat(exact.json().path("licences_used").asInt()).isEqualTo(3);
    }

    @Test
    void anotherAccountAnswersNotFound() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        assertProblem(world.admin.api().get(other.path("")), 404, "not_found");
        assertProblem(world.admin.api().patch(other.path(""), Map.of("locale", "de")), 404, "not_found");
        assertProblem(world.admin.api().get("/api/v1/accounts/999999999"), 404, "not_found");
        assertThat(other.admin.api().get(other.path("")).json().path("locale").asString()).isEqualTo("en");
    }
}
