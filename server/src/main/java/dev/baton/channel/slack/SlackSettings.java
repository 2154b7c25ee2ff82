package dev.baton.channel.slack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.slack.*} (docs/configuration.md#slack, docs/slack.md): where Slack's Web API is (a fake on
 * loopback in tests), the app's signing secret, the key that encrypts stored tokens, how calls are retried, and the
 * app's OAuth client for "Add to Slack" (without {@code client-id} and {@code client-secret} only a pasted token works),
 * and the app-level token of Socket Mode.
 */
@ConfigurationProperties("baton.slack")
public record SlackSettings(
        @DefaultValue("https://slack.com/api/") String apiUrl,
        @DefaultValue("") String signingSecret,
        @DefaultValue("") String encryptionKey,
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("1s") Duration retryBase,
        @DefaultValue("10m") Duration retryFor,
        @DefaultValue("300s") Duration signatureWindow,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("") String clientId,
        @DefaultValue("") String clientSecret,
        @DefaultValue("https://slack.com/oauth/v2/authorize") String authorizeUrl,
        @DefaultValue("10m") Duration installWindow,
        @DefaultValue("") String appToken) {

    /** Socket Mode: Slack's requests come over a WebSocket Baton opens with the app-level token (xapp-…). */
    public boolean socketMode() {
        return !appToken.isBlank();
    }

    /** "Add to Slack" is offered when the app's OAuth client is configured. */
    public boolean installable() {
        return !clientId.isBlank() && !clientSecret.isBlank();
    }
}
