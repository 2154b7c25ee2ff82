package dev.baton.channel;

/**
 * A conversation entered the Follow up list ({@code waiting}) or left it (channel/email, docs/adr/0052): published in
 * the transaction of the change, so that the workspace's list follows it once it is committed.
 */
public record FollowUpChanged(long accountId, long inboxId, long conversationId, boolean waiting) {
}
