package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.Api;
import dev.baton.testing.Fixtures;
import dev.baton.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Connecting an inbox to Slack with a pasted bot token and picking the request channel (issue 13, docs/slack.md). */
class SlackConnectionIntegrationTests extends IntegrationTest {

    static final FakeSlack SLACK = new FakeSlack("8f742231b10e8888abcd99yyyzzz85a5");

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-url", SLACK::apiUrl);
        registry.add("baton.slack.signing-secret", () -> SLACK.signingSecret);
        registry.add("baton.slack.encryption-key", () -> "test-key-for-slack-tokens");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPastedBotTokenIsCheckedWithSlackAndStoredEncrypted() {
        Fixtures.World world = fixtures.world();
        String token = SLACK.token();
        Api.Response connected = world.admin.api().put(world.path("/inboxes/" + world.inbox.id() + "/slack"), Map.of("bot_token", token));

        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        assertThat(connected.json().path("payload").path("team_id").asString()).isEqualTo(SLACK.teamId);
        assertThat(connected.json().path("payload").path("status").asString()).isEqualTo("active");
        assertThat(connected.json().path("payload").path("requirements").toString())
                .contains("members_create_public_channels", "members_archive_channels");
        String stored = jdbc.sql("SELECT token_enc FROM slack_connection WHERE inbox_id = ?").param(world.inbox.id())
                .query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(token).doesNotContain("xoxb");
        assertThat(SLACK.calls("auth.test")).isNotEmpty();
    }

    @Test
    void aTokenSlackRefusesIsAFieldErrorAndNothingIsStored() {
        Fixtures.World world = fixtures.world();
        Api.Response refused = world.admin.api().put(world.path("/inboxes/" + world.inbox.id() + "/slack"),
                Map.of("bot_token", "xoxb-revoked-or-made-up"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("bot_token");
        assertThat(refused.json().path("errors").get(0).path("code").asString()).isEqualTo("invalid_auth");
        assertThat(world.admin.api().get(world.path("/inboxes/" + world.inbox.id() + "/slack")).json()
                .path("payload").path("connected").asBoolean()).isFalse();
    }

    @Test
    void withoutTheAppsOAuthClientAddToSlackIsNotOfferedAndThePastedTokenStays() {
        Fixtures.World world = fixtures.world();
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        assertThat(world.admin.api().get(base).json().path("payload").path("install_available").asBoolean()).isFalse();

        Api.Response refused = world.admin.api().post(base + "/install", Map.of());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("slack_install_unavailable");
        assertThat(world.admin.api().put(base, Map.of("bot_token", SLACK.token())).status()).isEqualTo(200);
    }

    @Test
    void onlyAdministratorsConnect() {
        Fixtures.World world = fixtures.world();
        Fixtures.Person agent = world.agent("Ann");
        Api.Response refused = agent.api().put(world.path("/inboxes/" + world.inbox.id() + "/slack"), Map.of("bot_token", SLACK.token()));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void theRequestChannelIsPickedFromPublicChannelsAndJoined() {
        Fixtures.World world = fixtures.world();
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        world.admin.api().put(base, Map.of("bot_token", SLACK.token()));
        FakeSlack.Channel support = SLACK.channel("support-" + world.id(), false, false);
        FakeSlack.Channel secret = SLACK.channel("secret-" + world.id(), true, false);

        Api.Response listed = world.admin.api().get(base + "/channels");
        assertThat(listed.body()).contains(support.id).doesNotContain(secret.id);

        Api.Response chosen = world.admin.api().put(base + "/channel", Map.of("channel_id", support.id));
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
        assertThat(chosen.json().path("payload").path("request_channel").path("name").asString()).isEqualTo(support.name);
        assertThat(support.members).contains(SLACK.botUserId);
    }

    @Test
    void privateChannelsAndDirectMessagesAreRefusedWithTheReason() {
        Fixtures.World world = fixtures.world();
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        world.admin.api().put(base, Map.of("bot_token", SLACK.token()));
        FakeSlack.Channel secret = SLACK.channel("secret-" + world.id(), true, false);
        FakeSlack.Channel direct = SLACK.channel("dm-" + world.id(), false, true);

        for (String id : new String[] {secret.id, direct.id}) {
            Api.Response refused = world.admin.api().put(base + "/channel", Map.of("channel_id", id));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("code").asString()).isEqualTo("not_public");
            assertThat(refused.body()).contains("public channel").contains("private channels and direct messages");
        }
    }

    @Test
    void aRevokedTokenDisablesTheConnectionAndTellsTheAdministrators() {
        Fixtures.World world = fixtures.world();
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        String token = SLACK.token();
        world.admin.api().put(base, Map.of("bot_token", token));
        SLACK.revoke(token);

        Api.Response refused = world.admin.api().get(base + "/channels");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.code()).isEqualTo("slack_error");

        Api.Response shown = world.admin.api().get(base);
        assertThat(shown.json().path("payload").path("status").asString()).isEqualTo("disabled");
        assertThat(shown.json().path("payload").path("disabled_reason").asString()).isEqualTo("invalid_auth");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox WHERE account_id = ? AND payload LIKE ?")
                .params(world.id(), "%" + world.admin.email() + "%Slack is disconnected%").query(Long.class).single()).isEqualTo(1);
        assertThat(world.admin.api().get(base + "/channels").code()).isEqualTo("slack_not_connected");
    }

    @Test
    void connectingChoosingTheChannelDisconnectingAndARevocationAreAuditedWithoutTheToken() {
        Fixtures.World world = fixtures.world();
        String base = world.path("/inboxes/" + world.inbox.id() + "/slack");
        String token = SLACK.token();
        FakeSlack.Channel requests = SLACK.channel("audited-" + world.id(), false, false);
        world.admin.api().put(base, Map.of("bot_token", "xoxb-revoked-or-made-up"));
        assertThat(audited(world)).as("a refused token is no connection").isEmpty();

        assertThat(world.admin.api().put(base, Map.of("bot_token", token)).status()).isEqualTo(200);
        assertThat(world.admin.api().put(base + "/channel", Map.of("channel_id", requests.id)).status()).isEqualTo(200);
        assertThat(world.admin.api().delete(base).status()).isLessThan(300);
        world.admin.api().put(base, Map.of("bot_token", token));
        SLACK.revoke(token);
        world.admin.api().get(base + "/channels");

        List<JsonNode> entries = audited(world);
        assertThat(entries.stream().map(e -> e.path("action").asString()).toList())
                .containsExactly("revoke", "create", "destroy", "update", "create");
        assertThat(entries.get(4).path("audited_changes").path("bot_token").asString()).isEqualTo("[redacted]");
        assertThat(entries.get(3).path("audited_changes").path("request_channel_id").get(1).asString()).isEqualTo(requests.id);
        assertThat(entries.get(0).path("user_id").isNull()).as("Slack revoked it: the system's entry").isTrue();
        assertThat(entries.toString()).doesNotContain(token);
    }

    private static List<JsonNode> audited(Fixtures.World world) {
        return world.admin.api().get(world.path("/audit_logs?auditable_type=SlackConnection")).json().path("audit_logs")
                .valueStream().toList();
    }
}
