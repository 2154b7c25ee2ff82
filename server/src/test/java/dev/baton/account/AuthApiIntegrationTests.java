package dev.baton.account;

import static dev.baton.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.net.HttpCookie;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sign-in, sessions with CSRF protection, and personal tokens, against the real HTTP API. */
class AuthApiIntegrationTests extends IntegrationTest {

    @Test
    void signInAnswersTheUserAndAccountsInChatwootsShape() {
        Fixtures.World world = fixtures.world();
        Api.Response response = anonymous.post("/auth/sign_in",
                Map.of("email", world.admin.email(), "password", world.admin.password()));

        assertThat(response.status()).isEqualTo(200);
        JsonNode data = response.json().path("data");
        assertThat(data.path("id").asLong()).isEqualTo(world.admin.id());
        assertThat(data.path("email").asString()).isEqualTo(world.admin.email());
        assertThat(data.path("name").asString()).isNotBlank();
        // Stored only as a hash: made and shown by POST /api/v1/profile/reset_access_token (ADR 0020).
        assertThat(data.path("access_token").isNull()).isTrue();
        assertThat(data.path("account_id").asLong()).isEqualTo(world.id());
        assertThat(data.path("accounts").size()).isEqualTo(1);
        assertThat(data.path("accounts").get(0).path("id").asLong()).isEqualTo(world.id());
        assertThat(data.path("accounts").get(0).path("role").asString()).isEqualTo("administrator");
        assertThat(data.has("password_hash")).isFalse();
        assertThat(cookies(response)).containsKey("BATON_SESSION");
    }

    @Test
    void theSessionCookieOpensTheProfile() {
        Fixtures.World world = fixtures.world();
        Map<String, String> session = signIn(world.admin);

        Api.Response profile = withCookies(session).get("/api/v1/profile");

        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().path("id").asLong()).isEqualTo(world.admin.id());
        assertThat(profile.json().path("accounts").get(0).path("id").asLong()).isEqualTo(world.id());
    }

    @Test
    void aCookieAuthenticatedWriteNeedsTheXsrfHeader() {
        Fixtures.World world = fixtures.world();
        Map<String, String> session = signIn(world.admin);
        // The XSRF-TOKEN cookie is handed out on a request of the signed-in browser.
        Api.Response profile = withCookies(session).get("/api/v1/profile");
        session.putAll(cookies(profile));
        assertThat(session).containsKey("XSRF-TOKEN");
        long before = contactCount(world);

        Api.Response refused = withCookies(session).post(world.path("/contacts"), Map.of("name", "Without header"));
        assertProblem(refused, 403, "csrf_or_access_denied");
        assertThat(contactCount(world)).isEqualTo(before);

        Api.Response wrongHeader = withCookies(session).withHeader("X-XSRF-TOKEN", "forged")
                .post(world.path("/contacts"), Map.of("name", "Forged header"));
        assertProblem(wrongHeader, 403, "csrf_or_access_denied");
        assertThat(contactCount(world)).isEqualTo(before);

        Api.Response accepted = withCookies(session).withHeader("X-XSRF-TOKEN", session.get("XSRF-TOKEN"))
                .post(world.path("/contacts"), Map.of("name", "With header"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(contactCount(world)).isEqualTo(before + 1);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailAnswerTheSame401() {
        Fixtures.World world = fixtures.world();

        Api.Response wrongPassword = anonymous.post("/auth/sign_in",
                Map.of("email", world.admin.email(), "password", "not-the-password"));
        Api.Response unknownEmail = anonymous.post("/auth/sign_in",
                Map.of("email", "nobody-" + world.id() + "@test.example", "password", world.admin.password()));

        assertProblem(wrongPassword, 401, "invalid_credentials");
        assertProblem(unknownEmail, 401, "invalid_credentials");
        assertThat(wrongPassword.json().path("detail")).isEqualTo(unknownEmail.json().path("detail"));
        assertThat(cookies(wrongPassword)).doesNotContainKey("BATON_SESSION");
    }

    @Test
    void aSignInWithoutEmailOrPasswordIsRefusedAsInvalidCredentials() {
        assertProblem(anonymous.post("/auth/sign_in", Map.of("email", "someone@test.example")), 401, "invalid_credentials");
        assertProblem(anonymous.post("/auth/sign_in", Map.of()), 401, "invalid_credentials");
    }

    @Test
    void aRequestWithoutCredentialsIsUnauthorized() {
        Fixtures.World world = fixtures.world();
        assertProblem(anonymous.get(world.path("/conversations")), 401, "unauthorized");
        assertProblem(anonymous.get("/api/v1/profile"), 401, "unauthorized");
        assertProblem(anonymous.post(world.path("/contacts"), Map.of("name", "x")), 401, "unauthorized");
    }

    @Test
    void aWrongAccessTokenIsRefusedAsInvalid() {
        Fixtures.World world = fixtures.world();
        assertProblem(anonymous.withToken("not-a-token").get(world.path("/conversations")), 401, "invalid_access_token");
        assertProblem(anonymous.withToken(world.admin.token() + "x").get("/api/v1/profile"), 401, "invalid_access_token");
        assertThat(world.admin.api().get("/api/v1/profile").status()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSession() {
        Fixtures.World world = fixtures.world();
        Map<String, String> session = signIn(world.admin);
        session.putAll(cookies(withCookies(session).get("/api/v1/profile")));

        Api.Response out = withCookies(session).withHeader("X-XSRF-TOKEN", session.get("XSRF-TOKEN"))
                .delete("/auth/sign_out");

        assertThat(out.status()).isEqualTo(204);
        assertProblem(withCookies(session).get("/api/v1/profile"), 401, "unauthorized");
    }

    private Map<String, String> signIn(Fixtures.Person person) {
        Api.Response response = anonymous.post("/auth/sign_in", Map.of("email", person.email(), "password", person.password()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return cookies(response);
    }

    private Api withCookies(Map<String, String> cookies) {
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return anonymous.withHeader("Cookie", header.toString());
    }

    private static Map<String, String> cookies(Api.Response response) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : response.raw().headers().allValues("set-cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                out.put(cookie.getName(), cookie.getValue());
            }
        }
        return out;
    }

    private static long contactCount(Fixtures.World world) {
        return world.admin.api().get(world.path("/contacts")).json().path("meta").path("count").asLong();
    }
}
