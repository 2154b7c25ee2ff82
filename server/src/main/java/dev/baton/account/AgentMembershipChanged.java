package dev.baton.account;

/** A member was added, changed or removed; audiences and caches keyed by membership refresh. */
public record AgentMembershipChanged(long accountId, long userId) {
}
