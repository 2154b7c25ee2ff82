package dev.baton.shared;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A problem's {@code detail} speaks the request's Accept-Language (English for a language Baton does not speak);
 * its code, type and title stay the same in every language, so clients go on matching on {@code code}.
 */
class ProblemLanguageIntegrationTests extends IntegrationTest {

    @Test
    void aRefusalIsExplainedInTheLanguageOfAcceptLanguage() {
        Fixtures.World world = fixtures.world();
        Map<String, String> duplicate = Map.of("name", "Me", "email", world.admin.email());

        JsonNode german = assertProblem(world.admin.api().withHeader("Accept-Language", "de-CH,de;q=0.9,en;q=0.5")
                .post(world.path("/agents"), duplicate), 409, "already_member");
        JsonNode english = assertProblem(world.admin.api().post(world.path("/agents"), duplicate), 409, "already_member");

        assertThat(german.path("detail").asString()).isEqualTo("Diese Person ist bereits Mitglied des Kontos");
        assertThat(english.path("detail").asString()).isEqualTo("This person is already a member of the account");
        assertThat(german.path("title").asString()).isEqualTo(english.path("title").asString()).isEqualTo("Conflict");
        assertThat(german.path("type").asString()).isEqualTo(english.path("type").asString());
    }

    @Test
    void anUnknownLanguageGetsEnglish() {
        Fixtures.World world = fixtures.world();
        long id = world.conversationFrom(world.visitor("Ann"), "hello");

        JsonNode problem = assertProblem(world.admin.api().withHeader("Accept-Language", "ja-JP,ja;q=0.9")
                .post(world.path("/conversations/" + id + "/messages"), Map.of("content", "x".repeat(1001))), 422, "message_too_long");

        assertThat(problem.path("detail").asString()).isEqualTo("A message may have at most 1000 characters; this one has 1001");
    }

    @Test
    void theVisitorsRefusalsSpeakTheWidgetsLanguageWithTheirArguments() {
        Fixtures.World world = fixtures.world();
        Fixtures.Visitor visitor = world.visitor("Ann");
        long id = world.conversationFrom(visitor, "hello");

        JsonNode problem = assertProblem(visitor.api().withHeader("Accept-Language", "it")
                .post(visitor.path() + "/conversations/" + id + "/messages", Map.of("content", "x".repeat(1001))), 422, "message_too_long");

        assertThat(problem.path("detail").asString()).isEqualTo("Un messaggio può avere al massimo 1000 caratteri; questo ne ha 1001");
    }

    @Test
    void problemsWrittenByFiltersSpeakTheLanguageToo() {
        JsonNode problem = assertProblem(anonymous.withToken("not-a-token").withHeader("Accept-Language", "fr")
                .get("/api/v1/profile"), 401, "invalid_access_token");

        assertThat(problem.path("detail").asString()).isEqualTo("L’api_access_token n’est pas valide");
        assertThat(problem.path("title").asString()).isEqualTo("Unauthorized");
    }
}
