package dev.baton.webhook;

/** An endpoint stopped receiving deliveries: it answered 410 Gone. Its pending deliveries were cancelled. */
public record WebhookEndpointDisabled(long accountId, long endpointId, String owner, long ownerId, String reason) {
}
