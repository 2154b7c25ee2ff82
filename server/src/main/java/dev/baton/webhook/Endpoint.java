package dev.baton.webhook;

import java.time.Instant;
import java.util.List;

/**
 * Where deliveries go: a URL with its signing secret. {@code owner} is {@code account} for the account's
 * webhooks (Chatwoot's {@code /webhooks}); another feature that sends through this package (agent bots)
 * registers its own endpoints with its name and {@code ownerId}. A 410 Gone answer disables an endpoint.
 */
public record Endpoint(long id, long accountId, String owner, long ownerId, String name, String url,
                       List<String> subscriptions, Signing signing, String secret, String previousSecret,
                       Instant previousSecretUntil, boolean enabled, String disabledReason, Instant disabledAt,
                       Instant createdAt, Instant updatedAt) {

    public static final String ACCOUNT = "account";
    /** An API inbox's {@code webhook_url}; {@code ownerId} is the inbox. */
    public static final String INBOX = "inbox";

    /** The secrets a delivery is signed with now: the current one, and the previous one during its grace period. */
    List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }
}
