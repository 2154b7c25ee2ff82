package dev.baton.inbox;

/**
 * An inbox was created or its settings changed (in the same transaction, so that what depends on them, such as an
 * API inbox's {@code webhook_url} endpoint, changes with them or not at all).
 */
public record InboxChanged(long accountId, long inboxId, ChannelType channelType, String webhookUrl) {
}
