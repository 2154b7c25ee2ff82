package dev.baton.inbox;

/** Who belongs to an inbox changed; socket audiences refresh. */
public record InboxMembersChanged(long accountId, long inboxId) {
}
