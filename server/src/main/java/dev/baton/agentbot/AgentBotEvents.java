package dev.baton.agentbot;

import java.util.List;

/** What an agent bot may receive (docs/bots.md#events): Chatwoot's agent-bot events, then Baton's. */
public final class AgentBotEvents {

    public static final String WEBWIDGET_TRIGGERED = "webwidget_triggered";
    public static final String CONVERSATION_OPENED = "conversation_opened";
    public static final String MESSAGE_CREATED = "message_created";
    public static final String MESSAGE_UPDATED = "message_updated";
    public static final String CONVERSATION_RESOLVED = "conversation_resolved";

    public static final String CONVERSATION_STATUS_CHANGED = "conversation_status_changed";
    public static final String HANDOFF_STARTED = "handoff_started";
    public static final String HANDOFF_ENDED = "handoff_ended";
    public static final String CONVERSATION_RETURNED = "conversation_returned";

    public static final String CONTROL_PASSED = "control_passed";
    public static final String CONTROL_TAKEN = "control_taken";
    public static final String CONTROL_REQUESTED = "control_requested";
    public static final String STANDBY = "standby";

    /** Chatwoot's agent-bot events, in its order. */
    public static final List<String> CHATWOOT = List.of(WEBWIDGET_TRIGGERED, CONVERSATION_OPENED, MESSAGE_CREATED,
            MESSAGE_UPDATED, CONVERSATION_RESOLVED);

    /** Every event a bot may choose. */
    public static final List<String> ALL = List.of(WEBWIDGET_TRIGGERED, CONVERSATION_OPENED, MESSAGE_CREATED,
            MESSAGE_UPDATED, CONVERSATION_RESOLVED, CONVERSATION_STATUS_CHANGED, HANDOFF_STARTED, HANDOFF_ENDED,
            CONVERSATION_RETURNED, CONTROL_PASSED, CONTROL_TAKEN, CONTROL_REQUESTED, STANDBY);

    /** A bot created without {@code events} gets all but the standby feed (a message each, which it must ask for). */
    public static final List<String> DEFAULT = ALL.stream().filter(e -> !STANDBY.equals(e)).toList();

    private AgentBotEvents() {
    }
}
