package dev.baton.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.webhooks.*} (docs/configuration.md#webhooks): how deliveries are sent and retried, and whether
 * private networks may be reached (off by default: the SSRF guard, docs/webhooks.md#ssrf).
 */
@ConfigurationProperties("baton.webhooks")
public record WebhookSettings(
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("24h") Duration retryFor,
        @DefaultValue("10s") Duration retryBase,
        @DefaultValue("2h") Duration retryMaxDelay,
        @DefaultValue("32") int maxInFlight,
        @DefaultValue("24h") Duration previousSecretGrace,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("100") int maxPerAccount,
        @DefaultValue("30s") Duration leaseMargin) {

    /** How long a taken delivery stays with its node: the longest an HTTP call can take, and a margin. */
    Duration lease() {
        return connectTimeout.plus(requestTimeout).plus(leaseMargin);
    }
}
