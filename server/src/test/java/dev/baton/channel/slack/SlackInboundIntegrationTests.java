package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.IntegrationTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Requests that claim to come from Slack: only signed, fresh ones count (docs/slack.md#security). */
class SlackInboundIntegrationTests extends IntegrationTest {

    static final FakeSlack SLACK = new FakeSlack("inbound-signing-secret-abcdef0123");

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-url", SLACK::apiUrl);
        registry.add("baton.slack.signing-secret", () -> SLACK.signingSecret);
        registry.add("baton.slack.encryption-key", () -> "test-key-for-slack-tokens");
    }

    private String baton() {
        return "http://127.0.0.1:" + port;
    }

    private static final String VERIFICATION = "{\"token\":\"legacy\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";

    @Test
    void urlVerificationEchoesTheChallenge() {
        long now = Instant.now().getEpochSecond();
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/events", "application/json", VERIFICATION, now,
                FakeSlack.sign(SLACK.signingSecret, now, VERIFICATION), Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("challenge").asString()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @Test
    void aWrongSignatureIsRefusedWithAStableCode() {
        long now = Instant.now().getEpochSecond();
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/events", "application/json", VERIFICATION, now,
                FakeSlack.sign("another-secret", now, VERIFICATION), Map.of());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("code").asString()).isEqualTo("slack_signature_invalid");
    }

    @Test
    void aTamperedBodyIsRefused() {
        long now = Instant.now().getEpochSecond();
        String signature = FakeSlack.sign(SLACK.signingSecret, now, VERIFICATION);
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/events", "application/json", VERIFICATION.replace("3eZ", "4eZ"),
                now, signature, Map.of());
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void aMissingSignatureIsRefused() {
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/events", "application/json", VERIFICATION, 0, null, Map.of());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("code").asString()).isEqualTo("slack_signature_invalid");
    }

    @Test
    void aReplayedRequestOlderThanFiveMinutesIsRefused() {
        long stale = Instant.now().getEpochSecond() - 301;
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/events", "application/json", VERIFICATION, stale,
                FakeSlack.sign(SLACK.signingSecret, stale, VERIFICATION), Map.of());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("detail").asString()).contains("seconds from now");
    }

    @Test
    void aFutureDatedRequestIsRefused() {
        long future = Instant.now().getEpochSecond() + 301;
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/events", "application/json", VERIFICATION, future,
                FakeSlack.sign(SLACK.signingSecret, future, VERIFICATION), Map.of());
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void anUnknownActionIsABadRequestWithACode() {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},"
                + "\"actions\":[{\"action_id\":\"lc_launch_rockets\",\"value\":\"1\"}]}";
        String body = "payload=" + java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/interactivity", "application/x-www-form-urlencoded", body, now,
                FakeSlack.sign(SLACK.signingSecret, now, body), Map.of());
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("errors").get(0).path("code").asString()).isEqualTo("unknown");
    }

    @Test
    void aPayloadThatIsNotJsonIsABadRequest() {
        String body = "payload=%7Bnot-json";
        long now = Instant.now().getEpochSecond();
        FakeSlack.Answer answer = SLACK.send(baton() + "/slack/interactivity", "application/x-www-form-urlencoded", body, now,
                FakeSlack.sign(SLACK.signingSecret, now, body), Map.of());
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("payload");
    }
}
