package dev.baton.webhook;

import static dev.baton.webhook.Payloads.ordered;

import dev.baton.channel.WebWidgetTriggered;
import dev.baton.contact.ContactCreated;
import dev.baton.contact.ContactUpdated;
import dev.baton.conversation.ConversationCreated;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.MessageCreated;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.MessageUpdated;
import dev.baton.conversation.Status;
import dev.baton.routing.AgentStatusChanged;
import dev.baton.routing.HandoffEnded;
import dev.baton.routing.HandoffRequested;
import dev.baton.routing.OfferCreated;
import dev.baton.routing.OfferEnded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns other features' events into deliveries for the account's subscribed webhooks. Each reaction's
 * condition asks {@link WebhookSubscriptions} when the event is published, so an event no webhook wants is
 * not recorded for a reaction at all. Durable reactions
 * (Spring Modulith's registry, docs/adr/0016): each runs after the event's commit in a transaction of its own
 * that writes the deliveries, and runs again if it failed or its node died; the event key of each delivery
 * makes a second run queue nothing new. Payloads are rendered once per event, when the reaction runs.
 */
@Component
class WebhookReactions {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final Payloads payloads;
    private final JsonMapper json;
    private final ApiInboxWebhooks apiInboxes;

    WebhookReactions(WebhookEndpoints endpoints, WebhookDeliveries deliveries, Payloads payloads, JsonMapper json,
                     ApiInboxWebhooks apiInboxes) {
        this.apiInboxes = apiInboxes;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.json = json;
    }

    // ---- conversations and messages (Chatwoot's events)

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'conversation_created')")
    void on(ConversationCreated e) {
        fanOut(e.accountId(), e.inboxId(), WebhookEvents.CONVERSATION_CREATED, "conversation:" + e.conversationId(),
                () -> payloads.findConversation(e.accountId(), e.conversationId()).map(payloads::conversation));
    }

    /**
     * Chatwoot sends conversation_status_changed when its status (pending for a bot's) changes, and
     * conversation_updated for that and for a new assignee or team; both carry {@code changed_attributes}.
     * The transition's seq in the conversation's event log makes each one unique.
     */
    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'conversation_status_changed', 'conversation_updated')")
    void on(ConversationStateChanged e) {
        String previousStatus = Status.chatwootStatus(e.previousStatus(), e.previousOwner());
        String status = Status.chatwootStatus(e.status(), e.owner());
        List<Map<String, Object>> changed = new ArrayList<>();
        if (!previousStatus.equals(status)) {
            changed.add(change("status", previousStatus, status));
        }
        if (e.previousOwner() != e.owner()) {
            changed.add(change("owner", e.previousOwner().wire(), e.owner().wire()));
        }
        if (!Objects.equals(e.previousAssignee(), e.assignee())) {
            changed.add(change("assignee_id", e.previousAssignee(), e.assignee()));
        }
        if (!Objects.equals(e.previousTeam(), e.team())) {
            changed.add(change("team_id", e.previousTeam(), e.team()));
        }
        if (changed.isEmpty()) {
            return;
        }
        String key = "state:" + e.conversationId() + ":" + e.seq();
        if (!previousStatus.equals(status)) {
            fanOut(e.accountId(), e.inboxId(), WebhookEvents.CONVERSATION_STATUS_CHANGED, key, () -> conversationWith(e.accountId(),
                    e.conversationId(), List.of(change("status", previousStatus, status))));
        }
        fanOut(e.accountId(), e.inboxId(), WebhookEvents.CONVERSATION_UPDATED, key, () -> conversationWith(e.accountId(), e.conversationId(),
                changed));
    }

    @ApplicationModuleListener(condition = "#a0.messageType().name() != 'ACTIVITY' && @webhookSubscriptions.wants(#a0.accountId(), 'message_created')")
    void on(MessageCreated e) {
        if (e.messageType() == MessageType.ACTIVITY) {
            return; // Chatwoot's webhook_sendable?: incoming, outgoing (notes too, marked private) and template only
        }
        fanOut(e.accountId(), e.inboxId(), WebhookEvents.MESSAGE_CREATED, "message:" + e.messageId(),
                () -> payloads.message(e.accountId(), e.conversationId(), e.messageId()));
    }

    /** A message changed or deleted (Chatwoot's message update and delete). */
    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'message_updated')")
    void on(MessageUpdated e) {
        fanOut(e.accountId(), e.inboxId(), WebhookEvents.MESSAGE_UPDATED, "message_update:" + e.messageId() + ":" + e.seq(),
                () -> payloads.message(e.accountId(), e.conversationId(), e.messageId()));
    }

    // ---- contacts and the widget (Chatwoot's events)

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'contact_created')")
    void on(ContactCreated e) {
        fanOut(e.accountId(), WebhookEvents.CONTACT_CREATED, "contact:" + e.contactId(),
                () -> payloads.contact(e.accountId(), e.contactId()));
    }

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'contact_updated')")
    void on(ContactUpdated e) {
        fanOut(e.accountId(), WebhookEvents.CONTACT_UPDATED, "contact_change:" + e.id(),
                () -> payloads.contact(e.accountId(), e.contactId()).map(contact -> {
                    List<Map<String, Object>> changed = new ArrayList<>();
                    for (String attribute : e.changedAttributes()) {
                        Object current = switch (attribute) {
                            case "avatar_url" -> contact.get("avatar");
                            default -> contact.get(attribute);
                        };
                        changed.add(change(attribute, e.previousValues().get(attribute), current));
                    }
                    Map<String, Object> m = new LinkedHashMap<>(contact);
                    m.put("changed_attributes", changed);
                    return m;
                }));
    }

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'webwidget_triggered')")
    void on(WebWidgetTriggered e) {
        fanOut(e.accountId(), e.inboxId(), WebhookEvents.WEBWIDGET_TRIGGERED, "widget:" + e.id(),
                () -> payloads.contactInbox(e.accountId(), e.contactInboxId()).map(ci -> {
                    Map<String, Object> m = new LinkedHashMap<>(ci);
                    m.put("event_info", e.eventInfo());
                    return m;
                }));
    }

    // ---- routing (Baton's events)

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'handoff_started')")
    void on(HandoffRequested e) {
        fanOut(e.accountId(), WebhookEvents.HANDOFF_STARTED, "handoff:" + e.handoffId(),
                () -> payloads.findConversation(e.accountId(), e.conversationId()).map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", e.handoffId());
                    m.put("kind", "handoff");
                    m.put("reason", e.reason());
                    m.put("summary", e.summary());
                    m.put("team", payloads.team(e.accountId(), e.teamId()));
                    m.put("requested_by", payloads.user(e.accountId(), e.requestedBy()));
                    m.put("account", payloads.account(e.accountId()));
                    m.put("conversation", payloads.conversation(c));
                    return m;
                }));
    }

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'handoff_ended')")
    void on(HandoffEnded e) {
        fanOut(e.accountId(), WebhookEvents.HANDOFF_ENDED, "handoff:" + e.handoffId(),
                () -> payloads.findConversation(e.accountId(), e.conversationId()).map(c -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", e.handoffId());
                    m.put("kind", e.kind());
                    m.put("outcome", e.outcome());
                    m.put("agent", payloads.user(e.accountId(), e.agentId()));
                    m.put("account", payloads.account(e.accountId()));
                    m.put("conversation", payloads.conversation(c));
                    return m;
                }));
    }

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'offer_created')")
    void on(OfferCreated e) {
        fanOut(e.accountId(), WebhookEvents.OFFER_CREATED, "offer:" + e.offerId(),
                () -> offer(e.accountId(), e.offerId(), e.handoffId(), e.conversationId(), e.agentId(), e.kind(), "pending",
                        null, Payloads.seconds(e.expiresAt())));
    }

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'offer_accepted', 'offer_declined', 'offer_expired', 'offer_withdrawn')")
    void on(OfferEnded e) {
        String event = switch (e.status()) {
            case "accepted" -> WebhookEvents.OFFER_ACCEPTED;
            case "declined" -> WebhookEvents.OFFER_DECLINED;
            case "expired" -> WebhookEvents.OFFER_EXPIRED;
            default -> WebhookEvents.OFFER_WITHDRAWN;
        };
        fanOut(e.accountId(), event, "offer:" + e.offerId(),
                () -> offer(e.accountId(), e.offerId(), e.handoffId(), e.conversationId(), e.agentId(), e.kind(), e.status(),
                        e.reason(), null));
    }

    @ApplicationModuleListener(condition = "@webhookSubscriptions.wants(#a0.accountId(), 'agent_status_changed')")
    void on(AgentStatusChanged e) {
        fanOut(e.accountId(), WebhookEvents.AGENT_STATUS_CHANGED, "agent_status:" + e.id(), () -> {
            Map<String, Object> agent = payloads.user(e.accountId(), e.userId());
            if (agent == null) {
                return Optional.empty();
            }
            return Optional.of(ordered("status", e.status(), "agent", agent, "account", payloads.account(e.accountId())));
        });
    }

    private Optional<Map<String, Object>> offer(long accountId, long offerId, long handoffId, long conversationId, long agentId,
                                                String kind, String status, String reason, Long expiresAt) {
        return payloads.findConversation(accountId, conversationId).map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", offerId);
            m.put("handoff_id", handoffId);
            m.put("kind", kind);
            m.put("status", status);
            if (reason != null) {
                m.put("reason", reason);
            }
            if (expiresAt != null) {
                m.put("expires_at", expiresAt);
            }
            m.put("agent", payloads.user(accountId, agentId));
            m.put("account", payloads.account(accountId));
            m.put("conversation", payloads.conversation(c));
            return m;
        });
    }

    // ---- fan-out

    private Optional<Map<String, Object>> conversationWith(long accountId, long conversationId, List<Map<String, Object>> changed) {
        return payloads.findConversation(accountId, conversationId).map(c -> {
            Map<String, Object> m = payloads.conversation(c);
            m.put("changed_attributes", changed);
            return m;
        });
    }

    private void fanOut(long accountId, String event, String key, Supplier<Optional<Map<String, Object>>> payload) {
        fanOut(accountId, null, event, key, payload);
    }

    /**
     * Queues the event for every enabled account webhook subscribed to it, and for an event of an inbox, for that API
     * inbox's {@code webhook_url} (as Chatwoot does). The payload is rendered only when one is; nothing is sent when
     * what the event is about is gone (deleted meanwhile).
     */
    private void fanOut(long accountId, Long inboxId, String event, String key, Supplier<Optional<Map<String, Object>>> payload) {
        List<Endpoint> targets = new ArrayList<>(endpoints.ofOwner(accountId, Endpoint.ACCOUNT, 0).stream()
                .filter(e -> e.enabled() && e.subscriptions().contains(event)).toList());
        if (inboxId != null) {
            targets.addAll(apiInboxes.subscribed(accountId, inboxId, event));
        }
        if (targets.isEmpty()) {
            return;
        }
        Optional<Map<String, Object>> data = payload.get();
        if (data.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.putAll(data.get());
        String text = json.writeValueAsString(body);
        for (Endpoint endpoint : targets) {
            deliveries.queue(endpoint, event, event + ":" + key, text);
        }
    }

    /** Chatwoot's {@code changed_attributes} entry: {@code {name: {current_value, previous_value}}}. */
    private static Map<String, Object> change(String attribute, Object previous, Object current) {
        return Map.of(attribute, ordered("current_value", current, "previous_value", previous));
    }
}
