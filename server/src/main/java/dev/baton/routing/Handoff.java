package dev.baton.routing;

import java.time.Instant;

/**
 * A request for a person: a bot's or agent's handoff to a queue, a transfer to an agent, or a
 * conference invitation. {@code state} is waiting (needs an offer), offering, or done; a done request
 * has exactly one {@code outcome}: handled, declined or no_agent.
 */
public record Handoff(long id, long accountId, long conversationId, long inboxId, Kind kind, Long teamId,
                      Long targetAgentId, Long requestedBy, String reason, String summary, String pageUrl, String state,
                      String outcome, Instant requestedAt, Instant deadlineAt, Instant firstOfferAt, Instant acceptedAt,
                      Long acceptedBy) {

    public enum Kind { HANDOFF, TRANSFER, CONFERENCE }

    public static final String WAITING = "waiting";
    public static final String OFFERING = "offering";
    public static final String DONE = "done";

    public static final String HANDLED = "handled";
    public static final String DECLINED = "declined";
    public static final String NO_AGENT = "no_agent";
    /** The visitor closed the chat while waiting. */
    public static final String VISITOR_LEFT = "visitor_left";
    /** The reason of a no_agent outcome reached at once because the queue was outside its business hours. */
    public static final String CLOSED = "closed";

    /** The row as inserted, with the id the database gave it. */
    Handoff withId(long id) {
        return new Handoff(id, accountId, conversationId, inboxId, kind, teamId, targetAgentId, requestedBy, reason, summary,
                pageUrl, state, outcome, requestedAt, deadlineAt, firstOfferAt, acceptedAt, acceptedBy);
    }

    /** The queue it waits in: its team, or its inbox when it names none. */
    String queueKey() {
        return teamId != null ? "team:" + teamId : "inbox:" + inboxId;
    }

    boolean open() {
        return !DONE.equals(state);
    }
}
