package dev.baton.realtime;

import dev.baton.channel.FollowUpChanged;
import dev.baton.conversation.ConversationEventsAppended;
import dev.baton.conversation.TypingChanged;
import dev.baton.shared.AfterCommit;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns the conversation feature's events into deliveries: only after the transaction committed. */
@Component
class Delivery {

    private final Signals signals;
    private final JsonMapper json;

    Delivery(Signals signals, JsonMapper json) {
        this.signals = signals;
        this.json = json;
    }

    @EventListener
    void onCommitted(ConversationEventsAppended event) {
        AfterCommit.run(() -> signals.committed(event.conversationId(), event.seq()));
    }

    @EventListener
    void onTyping(TypingChanged e) {
        String type = e.on() ? "conversation.typing_on" : "conversation.typing_off";
        String data = json.writeValueAsString(Map.of("sender",
                Map.of("id", e.senderId(), "name", e.senderName() == null ? "" : e.senderName(), "type", e.senderType()),
                "is_private", !e.forVisitor()));
        boolean byAgent = "user".equals(e.senderType());
        signals.soft(new Signals.SoftEvent(e.accountId(), e.inboxId(), e.contactInboxId(), e.conversationId(), type, data,
                true, byAgent && e.forVisitor(), byAgent ? e.senderId() : null, null));
    }

    /** Offers, their withdrawal and expiry, status changes: to the named agents, once committed. */
    @EventListener
    void onRoutingNotice(dev.baton.routing.RoutingNotice n) {
        long conversationId = conversationOf(n.data());
        String data = json.writeValueAsString(n.data());
        AfterCommit.run(() -> signals.soft(new Signals.SoftEvent(n.accountId(), 0, 0, conversationId, n.type(), data,
                false, false, null, java.util.List.copyOf(n.userIds()))));
    }

    /** A conversation entered or left the Follow up list: the inbox's agents' lists follow it. */
    @EventListener
    void onFollowUp(FollowUpChanged e) {
        String data = json.writeValueAsString(Map.of("conversation_id", e.conversationId(), "waiting", e.waiting()));
        AfterCommit.run(() -> signals.soft(new Signals.SoftEvent(e.accountId(), e.inboxId(), 0, e.conversationId(),
                "follow_up.changed", data, true, false, null, null)));
    }

    /** The visitor's place in the queue. */
    @EventListener
    void onVisitorNotice(dev.baton.routing.VisitorNotice n) {
        String data = json.writeValueAsString(n.data());
        AfterCommit.run(() -> signals.soft(new Signals.SoftEvent(n.accountId(), 0, n.contactInboxId(), n.conversationId(),
                n.type(), data, false, true, null, null)));
    }

    private long conversationOf(Object data) {
        if (data instanceof Map<?, ?> map && map.get("conversation_id") instanceof Number n) {
            return n.longValue();
        }
        tools.jackson.databind.JsonNode node = json.valueToTree(data);
        return node.path("conversation_id").asLong(0);
    }
}
