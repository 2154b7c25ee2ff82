package dev.baton.contact;

import static dev.baton.testing.Problems.assertFieldProblem;
import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Contacts through /contacts: create, show, update, delete, paged list and search. */
class ContactApiIntegrationTests extends IntegrationTest {

    @Test
    void createsShowsUpdatesAndDeletesAContact() {
        Fixtures.World world = fixtures.world();
        Api api = world.admin.api();

        Api.Response created = api.post(world.path("/contacts"), Map.of("name", "Clara", "email", "Clara@Example.com",
                "phone_number", "+41 44 123 45 67", "identifier", "crm-1", "custom_attributes", Map.of("plan", "gold")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode contact = created.json().path("payload").path("contact");
        long id = contact.path("id").asLong();
        assertThat(contact.path("email").asString()).isEqualTo("clara@example.com");
        assertThat(contact.path("custom_attributes").path("plan").asString()).isEqualTo("gold");

        JsonNode shown = api.get(world.path("/contacts/" + id)).json().path("payload");
        assertThat(shown.path("name").asString()).isEqualTo("Clara");
        assertThat(shown.path("identifier").asString()).isEqualTo("crm-1");
        assertThat(shown.path("contact_inboxes").isArray()).isTrue();

        Api.Response updated = api.patch(world.path("/contacts/" + id), Map.of("name", "Clara B.", "phone_number", "+41 44 999 00 00"));
        assertThat(updated.status()).isEqualTo(200);
        JsonNode after = api.get(world.path("/contacts/" + id)).json().path("payload");
        assertThat(after.path("name").asString()).isEqualTo("Clara B.");
        assertThat(after.path("phone_number").asString()).isEqualTo("+41 44 999 00 00");
        assertThat(after.path("email").asString()).isEqualTo("clara@example.com");

        assertThat(api.delete(world.path("/contacts/" + id)).status()).isEqualTo(200);
        assertProblem(api.get(world.path("/contacts/" + id)), 404, "not_found");
        assertProblem(api.delete(world.path("/contacts/" + id)), 404, "not_found");
    }

    @Test
    void listsContactsFifteenPerPageWithTheTotalCount() {
        Fixtures.World world = fixtures.world();
        for (int i = 0; i < 17; i++) {
            create(world, Map.of("name", "Person " + i));
        }

        JsonNode first = world.admin.api().get(world.path("/contacts")).json();
        JsonNode second = world.admin.api().get(world.path("/contacts?page=2")).json();
        JsonNode third = world.admin.api().get(world.path("/contacts?page=3")).json();

        assertThat(first.path("meta").path("count").asLong()).isEqualTo(17);
        assertThat(first.path("meta").path("current_page").asInt()).isEqualTo(1);
        assertThat(first.path("payload").size()).isEqualTo(15);
        assertThat(second.path("meta").path("current_page").asInt()).isEqualTo(2);
        assertThat(second.path("payload").size()).isEqualTo(2);
        assertThat(third.path("payload").size()).isZero();
        List<Long> all = new java.util.ArrayList<>();
        first.path("payload").forEach(c -> all.add(c.path("id").asLong()));
        second.path("payload").forEach(c -> all.add(c.path("id").asLong()));
        assertThat(all).doesNotHaveDuplicates().hasSize(17);
        assertFieldProblem(world.admin.api().get(world.path("/contacts?page=0")), 422, "validation_failed", "page", "range");
    }

    @Test
    void searchesByNameEmailPhoneAndIdentifier() {
        Fixtures.World world = fixtures.world();
        long anna = create(world, Map.of("name", "Anna Keller", "email", "anna@keller.example"));
        long bruno = create(world, Map.of("name", "Bruno", "phone_number", "+39 06 555 1234"));
        long carla = create(world, Map.of("name", "Carla", "identifier", "CUST-7788"));
        long under = create(world, Map.of("name", "snake_case fan"));
        Fixtures.World other = fixtures.world();
        create(other, Map.of("name", "Anna Other"));

        assertThat(search(world, "keller")).containsExactly(anna);
        assertThat(search(world, "ANNA")).containsExactly(anna);
        assertThat(search(world, "anna@keller")).containsExactly(anna);
        assertThat(search(world, "555 1234")).containsExactly(bruno);
        assertThat(search(world, "cust-77")).containsExactly(carla);
        // LIKE wildcards in the query are taken literally.
        assertThat(search(world, "_")).containsExactly(under);
        assertThat(search(world, "%")).isEmpty();
        assertThat(search(world, "nobody")).isEmpty();
        JsonNode page = world.admin.api().get(world.path("/contacts/search?q=a")).json();
        assertThat(page.path("meta").path("count").asLong()).isEqualTo(page.path("payload").size());
        assertFieldProblem(world.admin.api().get(world.path("/contacts/search")), 422, "validation_failed", "q", "required");
    }

    @Test
    void customAttributesAreMergedAndANullRemovesOne() {
        Fixtures.World world = fixtures.world();
        long id = create(world, Map.of("name", "Dora", "custom_attributes", Map.of("plan", "gold", "city", "Bern")));

        world.admin.api().patch(world.path("/contacts/" + id), Map.of("custom_attributes", Map.of("plan", "silver", "age", 41)));
        Map<String, Object> removeCity = new HashMap<>();
        removeCity.put("city", null);
        world.admin.api().patch(world.path("/contacts/" + id), Map.of("custom_attributes", removeCity));

        JsonNode custom = world.admin.api().get(world.path("/contacts/" + id)).json().path("payload")
                .path("custom_attributes");
        assertThat(custom.path("plan").asString()).isEqualTo("silver");
        assertThat(custom.path("age").asInt()).isEqualTo(41);
        assertThat(custom.has("city")).isFalse();
    }

    @Test
    void aDuplicateEmailIsRefusedAndNothingIsWritten() {
        Fixtures.World world = fixtures.world();
        create(world, Map.of("name", "First", "email", "same@example.com"));
        long second = create(world, Map.of("name", "Second", "email", "second@example.com"));
        long before = count(world);

        assertFieldProblem(world.admin.api().post(world.path("/contacts"), Map.of("name", "Dup", "email", "SAME@example.com")),
                422, "validation_failed", "email", "taken");
        assertFieldProblem(world.admin.api().patch(world.path("/contacts/" + second), Map.of("email", "same@example.com")),
                422, "validation_failed", "email", "taken");

        assertThat(count(world)).isEqualTo(before);
        assertThat(world.admin.api().get(world.path("/contacts/" + second)).json().path("payload")
                .path("email").asString()).isEqualTo("second@example.com");
        // Another account may use the same address.
        Fixtures.World other = fixtures.world();
        assertThat(other.admin.api().post(other.path("/contacts"), Map.of("email", "same@example.com")).status()).isEqualTo(200);
    }

    @Test
    void aDuplicateIdentifierIsRefused() {
        Fixtures.World world = fixtures.world();
        create(world, Map.of("name", "First", "identifier", "ext-1"));
        long before = count(world);
        assertFieldProblem(world.admin.api().post(world.path("/contacts"), Map.of("name", "Dup", "identifier", "ext-1")),
                422, "validation_failed", "identifier", "taken");
        assertThat(count(world)).isEqualTo(before);
    }

    @Test
    void refusesAnInvalidEmailOrPhoneNumber() {
        Fixtures.World world = fixtures.world();
        long before = count(world);
        assertFieldProblem(world.admin.api().post(world.path("/contacts"), Map.of("email", "no-at-sign")),
                422, "validation_failed", "email", "email");
        assertFieldProblem(world.admin.api().post(world.path("/contacts"), Map.of("phone_number", "call me")),
                422, "validation_failed", "phone_number", "format");
        assertThat(count(world)).isEqualTo(before);
    }

    @Test
    void aContactOfAnotherAccountIsNotFoundAndStaysUnchanged() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long foreign = create(other, Map.of("name", "Secret", "email", "secret@example.com"));

        assertProblem(world.admin.api().get(world.path("/contacts/" + foreign)), 404, "not_found");
        assertProblem(world.admin.api().patch(world.path("/contacts/" + foreign), Map.of("name", "Stolen")), 404, "not_found");
        assertProblem(world.admin.api().delete(world.path("/contacts/" + foreign)), 404, "not_found");
        assertThat(search(world, "secret")).isEmpty();

        assertThat(other.admin.api().get(other.path("/contacts/" + foreign)).json().path("payload")
                .path("name").asString()).isEqualTo("Secret");
    }

    @Test
    void onlyAdministratorsDeleteContacts() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person ada = world.agent("Ada");
        long id = create(world, Map.of("name", "Keep me"));

        assertProblem(ada.api().delete(world.path("/contacts/" + id)), 403, "forbidden");
        assertThat(world.admin.api().get(world.path("/contacts/" + id)).status()).isEqualTo(200);
    }

    private static long create(Fixtures.World world, Map<String, Object> body) {
        Api.Response response = world.admin.api().post(world.path("/contacts"), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("payload").path("contact").path("id").asLong();
    }

    private static List<Long> search(Fixtures.World world, String q) {
        Api.Response response = world.admin.api().get(world.path("/contacts/search?q="
                + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("payload").valueStream().map(c -> c.path("id").asLong()).toList();
    }

    private static long count(Fixtures.World world) {
        return world.admin.api().get(world.path("/contacts")).json().path("meta").path("count").asLong();
    }
}
