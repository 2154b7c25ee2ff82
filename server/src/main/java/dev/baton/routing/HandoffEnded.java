package dev.baton.routing;

/**
 * A handoff reached its one outcome: handled, declined or no_agent. Bots continue along that path. {@code reason} is
 * {@link Handoff#CLOSED} for a no_agent outcome outside business hours, else null.
 */
public record HandoffEnded(long accountId, long conversationId, long handoffId, String kind, String outcome, Long agentId,
                           String reason) {

    public HandoffEnded(long accountId, long conversationId, long handoffId, String kind, String outcome, Long agentId) {
        this(accountId, conversationId, handoffId, kind, outcome, agentId, null);
    }

    /** Whether it ended no_agent because its queue was outside business hours (a story takes its closed exit). */
    public boolean closed() {
        return Handoff.CLOSED.equals(reason);
    }
}
