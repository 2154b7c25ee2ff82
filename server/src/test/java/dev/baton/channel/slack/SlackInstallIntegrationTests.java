package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * "Add to Slack" (issue 13, docs/slack.md#add-to-slack): Slack's OAuth v2 install flow against the fake Slack, which
 * approves or cancels as Slack's authorize page does and answers oauth.v2.access through the official SDK.
 */
class SlackInstallIntegrationTests extends IntegrationTest {

    static final FakeSlack SLACK = new FakeSlack("install-signing-secret-0123456789");

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-url", SLACK::apiUrl);
        registry.add("baton.slack.signing-secret", () -> SLACK.signingSecret);
        registry.add("baton.slack.encryption-key", () -> "test-key-for-slack-tokens");
        registry.add("baton.slack.client-id", () -> SLACK.clientId);
        registry.add("baton.slack.client-secret", () -> SLACK.clientSecret);
    }

    @Autowired
    JdbcClient jdbc;

    String base(Fixtures.World world) {
        return world.path("/inboxes/" + world.inbox.id() + "/slack");
    }

    String authorizeUrl(Fixtures.World world) {
        Api.Response started = world.admin.api().post(base(world) + "/install", Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        return started.json().path("payload").path("url").asString();
    }

    static String pathOf(URI uri) {
        return uri.getRawPath() + "?" + uri.getRawQuery();
    }

    long connections(Fixtures.World world) {
        return jdbc.sql("SELECT COUNT(*) FROM slack_connection WHERE inbox_id = ?").param(world.inbox.id()).query(Long.class).single();
    }

    @Test
    void addToSlackLeadsToSlacksAuthorizePageAndBackToTheSettingsConnectedWithTheTokenEncrypted() {
        Fixtures.World world = fixtures.world();
        assertThat(world.admin.api().get(base(world)).json().path("payload").path("install_available").asBoolean()).isTrue();
        String url = authorizeUrl(world);
        Map<String, String> query = FakeSlack.query(URI.create(url));
        assertThat(url).startsWith("https://slack.com/oauth/v2/authorize?");
        assertThat(query.get("client_id")).isEqualTo(SLACK.clientId);
        assertThat(query.get("scope").split(",")).contains("channels:manage", "chat:write", "users:read.email", "commands");
        assertThat(query.get("redirect_uri")).isEqualTo("http://localhost:" + port + "/slack/oauth/callback");
        assertThat(query.get("state")).startsWith(world.id() + "." + world.inbox.id() + "." + world.admin.id() + ".");

        Api.Response back = world.admin.api().get(pathOf(SLACK.approve(url)));

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.header("Location")).isEqualTo("/app/accounts/" + world.id() + "/settings/slack?inbox=" + world.inbox.id()
                + "&slack=connected");
        assertThat(SLACK.calls("oauth.v2.access")).isNotEmpty();
        Api.Response shown = world.admin.api().get(base(world));
        assertThat(shown.json().path("payload").path("status").asString()).isEqualTo("active");
        assertThat(shown.json().path("payload").path("team_id").asString()).isEqualTo(SLACK.teamId);
        String stored = jdbc.sql("SELECT token_enc FROM slack_connection WHERE inbox_id = ?").param(world.inbox.id())
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain("xoxb");
        // the installed token works: the channel picker lists the workspace's channels with it
        FakeSlack.Channel support = SLACK.channel("support-" + world.id(), false, false);
        assertThat(world.admin.api().get(base(world) + "/channels").body()).contains(support.id);
    }

    @Test
    void addToSlackConnectsATeamWithTheSameFlowAndLeadsBackToTheTeamsPage() {
        Fixtures.World world = fixtures.world();
        Api admin = world.admin.api();
        long team = admin.post(world.path("/teams"), Map.of("name", "Billing")).json().path("id").asLong();
        String teamBase = world.path("/teams/" + team + "/slack");
        assertThat(admin.get(teamBase).json().path("payload").path("install_available").asBoolean()).isTrue();
        Api.Response started = admin.post(teamBase + "/install", Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String url = started.json().path("payload").path("url").asString();
        assertThat(FakeSlack.query(URI.create(url)).get("state")).startsWith(world.id() + ".t" + team + "." + world.admin.id() + ".");

        Api.Response back = admin.get(pathOf(SLACK.approve(url)));

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.header("Location")).isEqualTo("/app/accounts/" + world.id() + "/settings/teams?team=" + team + "&slack=connected");
        JsonNode shown = admin.get(teamBase).json().path("payload");
        assertThat(shown.path("status").asString()).isEqualTo("active");
        assertThat(shown.path("baton_team_id").asLong()).isEqualTo(team);
        assertThat(shown.path("inbox_id").isNull()).isTrue();
        assertThat(connections(world)).as("the inbox stays as it was").isZero();
        assertThat(jdbc.sql("SELECT token_enc FROM slack_connection WHERE baton_team_id = ?").param(team).query(String.class).single())
                .startsWith("v1:").doesNotContain("xoxb");

        // the state was the team's: it cannot be used again, for the team or by swapping in the inbox
        Api.Response reused = admin.get(pathOf(SLACK.approve(url)));
        assertThat(reused.code()).isEqualTo("slack_install_state_invalid");
        String state = FakeSlack.query(URI.create(url)).get("state");
        String asInbox = state.replace(".t" + team + ".", "." + world.inbox.id() + ".");
        Api.Response swapped = admin.get("/slack/oauth/callback?code=x&state="
                + java.net.URLEncoder.encode(asInbox, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(swapped.code()).isEqualTo("slack_install_state_invalid");
        assertThat(swapped.body()).contains("not Baton's");
    }

    @Test
    void aTeamOfAnotherAccountCannotBeInstalled() {
        Fixtures.World world = fixtures.world();
        Fixtures.World other = fixtures.world();
        long theirs = other.admin.api().post(other.path("/teams"), Map.of("name", "Theirs")).json().path("id").asLong();
        Api.Response refused = world.admin.api().post(world.path("/teams/" + theirs + "/slack/install"), Map.of());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM slack_install_state WHERE baton_team_id = ?").param(theirs).query(Long.class).single())
                .isZero();
    }

    @Test
    void aStateIsUsedOnce() {
        Fixtures.World world = fixtures.world();
        String url = authorizeUrl(world);
        URI first = SLACK.approve(url);
        assertThat(world.admin.api().get(pathOf(first)).status()).isEqualTo(302);
        jdbc.sql("DELETE FROM slack_connection WHERE inbox_id = ?").param(world.inbox.id()).update();

        Api.Response reused = world.admin.api().get(pathOf(SLACK.approve(url)));

        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.code()).isEqualTo("slack_install_state_invalid");
        assertThat(reused.body()).contains("used");
        assertThat(connections(world)).isZero();
    }

    @Test
    void anExpiredStateIsRefusedAndNothingIsStored() {
        Fixtures.World world = fixtures.world();
        String url = authorizeUrl(world);
        String state = FakeSlack.query(URI.create(url)).get("state");
        String[] parts = state.split("\\.");
        // the same nonce, signed by Baton, with an expiry in the past: only the time is wrong
        String data = parts[0] + "." + parts[1] + "." + parts[2] + "." + (Instant.now().getEpochSecond() - 1) + "." + parts[4];
        String expired = data + "." + cipher.sign(data);
        URI back = SLACK.approve(url.replace(java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8),
                java.net.URLEncoder.encode(expired, java.nio.charset.StandardCharsets.UTF_8)));

        Api.Response refused = world.admin.api().get(pathOf(back));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("slack_install_state_invalid");
        assertThat(refused.body()).contains("expired");
        assertThat(connections(world)).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM slack_install_state WHERE expires_at > ? AND inbox_id = ?")
                .params(Instant.now().atOffset(ZoneOffset.UTC), world.inbox.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aStateNotSignedByBatonOrMadeForAnotherAdministratorIsRefused() {
        Fixtures.World world = fixtures.world();
        String url = authorizeUrl(world);
        String state = FakeSlack.query(URI.create(url)).get("state");
        String forged = state.substring(0, state.lastIndexOf('.') + 1) + "AAAA" + state.substring(state.lastIndexOf('.') + 5);
        Api.Response unsigned = world.admin.api().get("/slack/oauth/callback?code=x&state="
                + java.net.URLEncoder.encode(forged, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(unsigned.code()).isEqualTo("slack_install_state_invalid");
        assertThat(world.admin.api().get("/slack/oauth/callback?code=x").code()).isEqualTo("slack_install_state_invalid");

        Fixtures.Person otherAdmin = world.agent("Otto");
        assertThat(world.admin.api().patch(world.path("/agents/" + otherAdmin.id()), Map.of("role", "administrator")).status())
                .isEqualTo(200);
        Api.Response someoneElse = otherAdmin.api().get(pathOf(SLACK.approve(url)));
        assertThat(someoneElse.status()).isEqualTo(400);
        assertThat(someoneElse.body()).contains("another user");
        assertThat(connections(world)).isZero();
    }

    @Test
    void cancellingOnSlackAndACodeSlackRefusesLeadBackToTheSettingsWithTheirCodesAndStoreNothing() {
        Fixtures.World world = fixtures.world();
        Api.Response cancelled = world.admin.api().get(pathOf(SLACK.deny(authorizeUrl(world))));
        assertThat(cancelled.status()).isEqualTo(302);
        assertThat(cancelled.header("Location")).endsWith("inbox=" + world.inbox.id() + "&slack_error=access_denied");

        String url = authorizeUrl(world);
        String state = FakeSlack.query(URI.create(url)).get("state");
        Api.Response badCode = world.admin.api().get("/slack/oauth/callback?code=made-up&state="
                + java.net.URLEncoder.encode(state, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(badCode.status()).isEqualTo(302);
        assertThat(badCode.header("Location")).endsWith("&slack_error=invalid_code");
        assertThat(connections(world)).isZero();
    }

    @Test
    void onlyAdministratorsStartTheInstallation() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ann");
        assertThat(agent.api().post(base(world) + "/install", Map.of()).status()).isEqualTo(403);
    }

    @Autowired
    TokenCipher cipher;
}
