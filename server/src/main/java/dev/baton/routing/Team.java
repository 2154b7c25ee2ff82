package dev.baton.routing;

/**
 * A group of agents and the queue of conversations waiting for them, with its routing settings:
 * {@code offerMode} sequential (one agent at a time) or broadcast (all at once, first accept wins),
 * how long an offer and a whole handoff may wait, where to overflow, and what happens to an agent's
 * open chats when they drop offline (keep, or requeue), and its business hours ({@code hours}, in {@code timezone},
 * or the account's time zone when that is null; disabled hours defer to the account's default).
 */
public record Team(long id, long accountId, String name, String description, boolean allowAutoAssign, String offerMode,
                   int offerTimeoutSeconds, int handoffTimeoutSeconds, Long overflowTeamId, String onDisconnect,
                   String timezone, dev.baton.account.BusinessHours hours) {

    public static final String SEQUENTIAL = "sequential";
    public static final String BROADCAST = "broadcast";

    public boolean broadcast() {
        return BROADCAST.equals(offerMode);
    }

    public boolean requeueOnDisconnect() {
        return "requeue".equals(onDisconnect);
    }
}
