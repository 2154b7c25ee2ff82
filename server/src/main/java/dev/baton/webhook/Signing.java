package dev.baton.webhook;

/**
 * Which signature headers a delivery carries. Every delivery is signed per Standard Webhooks
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature}); Chatwoot-compatible endpoints
 * (account webhooks, agent bots) also get Chatwoot's {@code X-Chatwoot-Signature}, {@code X-Chatwoot-Timestamp}
 * and {@code X-Chatwoot-Delivery}.
 */
public enum Signing {
    STANDARD,
    STANDARD_AND_CHATWOOT
}
