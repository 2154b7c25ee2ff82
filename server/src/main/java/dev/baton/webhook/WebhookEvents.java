package dev.baton.webhook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The events a webhook may subscribe to (docs/webhooks.md#events): Chatwoot's, with their payloads, and Baton's. */
public final class WebhookEvents {

    public static final String CONVERSATION_CREATED = "conversation_created";
    public static final String CONVERSATION_STATUS_CHANGED = "conversation_status_changed";
    public static final String CONVERSATION_UPDATED = "conversation_updated";
    public static final String CONTACT_CREATED = "contact_created";
    public static final String CONTACT_UPDATED = "contact_updated";
    public static final String MESSAGE_CREATED = "message_created";
    public static final String MESSAGE_UPDATED = "message_updated";
    public static final String WEBWIDGET_TRIGGERED = "webwidget_triggered";

    public static final String HANDOFF_STARTED = "handoff_started";
    public static final String HANDOFF_ENDED = "handoff_ended";
    public static final String OFFER_CREATED = "offer_created";
    public static final String OFFER_ACCEPTED = "offer_accepted";
    public static final String OFFER_DECLINED = "offer_declined";
    public static final String OFFER_EXPIRED = "offer_expired";
    public static final String OFFER_WITHDRAWN = "offer_withdrawn";
    public static final String AGENT_STATUS_CHANGED = "agent_status_changed";

    /** Chatwoot's account webhook events, in the order of its documentation. */
    public static final List<String> CHATWOOT = List.of(CONVERSATION_CREATED, CONVERSATION_STATUS_CHANGED,
            CONVERSATION_UPDATED, CONTACT_CREATED, CONTACT_UPDATED, MESSAGE_CREATED, MESSAGE_UPDATED, WEBWIDGET_TRIGGERED);

    /** Baton's own: handoffs to people, offers to agents, agents' routing status. */
    public static final List<String> BATON = List.of(HANDOFF_STARTED, HANDOFF_ENDED, OFFER_CREATED, OFFER_ACCEPTED,
            OFFER_DECLINED, OFFER_EXPIRED, OFFER_WITHDRAWN, AGENT_STATUS_CHANGED);

    /** What Chatwoot sends to an API inbox's {@code webhook_url}: the inbox's conversation and message events. */
    public static final List<String> API_INBOX = List.of(CONVERSATION_CREATED, CONVERSATION_STATUS_CHANGED,
            CONVERSATION_UPDATED, MESSAGE_CREATED, MESSAGE_UPDATED, WEBWIDGET_TRIGGERED);

    public static final Set<String> ALL;

    static {
        Set<String> all = new LinkedHashSet<>(CHATWOOT);
        all.addAll(BATON);
        ALL = java.util.Collections.unmodifiableSet(all);
    }

    private WebhookEvents() {
    }
}
