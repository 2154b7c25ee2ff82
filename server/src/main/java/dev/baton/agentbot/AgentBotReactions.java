package dev.baton.agentbot;

import dev.baton.channel.WebWidgetTriggered;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationOpened;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.MessageCreated;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.MessageUpdated;
import dev.baton.conversation.Owner;
import dev.baton.conversation.SenderType;
import dev.baton.conversation.Status;
import dev.baton.inbox.InboxService;
import dev.baton.routing.HandoffEnded;
import dev.baton.routing.HandoffRequested;
import dev.baton.webhook.Payloads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Sends an inbox's agent bot the events it chose (docs/bots.md#events), through its webhook endpoint: one
 * delivery mechanism with the account webhooks (the outbox, signatures, retries). Durable reactions (docs/adr/0016):
 * each runs after the event's commit and queues its delivery in a transaction of its own; the event key makes a
 * second run queue nothing. The bot gets a conversation's messages only while it has the thread, and never its own.
 */
@Component
class AgentBotReactions {

    private final AgentBotDirectory directory;
    private final InboxService inboxes;
    private final BotDeliveries deliveries;
    private final Payloads payloads;
    private final ThreadControl threads;
    private final Escalation escalation;
    private final BotHealth health;

    AgentBotReactions(AgentBotDirectory directory, InboxService inboxes, BotDeliveries deliveries, Payloads payloads,
                      ThreadControl threads, Escalation escalation, BotHealth health) {
        this.health = health;
        this.escalation = escalation;
        this.directory = directory;
        this.inboxes = inboxes;
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.threads = threads;
    }

    /** Whether the inbox hands its conversations to an agent bot (the listeners' condition: other events are not recorded). */
    public boolean botInbox(long inboxId) {
        return inboxes.byId(inboxId).map(i -> i.automation().agentBotId() != null).orElse(false);
    }

    @ApplicationModuleListener(condition = "@agentBotReactions.botInbox(#a0.inboxId())")
    void on(ConversationOpened e) {
        Optional<Conversation> c = payloads.findConversation(e.accountId(), e.conversationId());
        if (c.isPresent() && c.get().owner() == Owner.BOT && escalation.escalateNew(e.accountId(), c.get())) {
            return; // an escalated contact: people have it (the bot hears handoff_started)
        }
        if (e.owner() == Owner.BOT) {
            send(e.accountId(), e.inboxId(), AgentBotEvents.CONVERSATION_OPENED, e.conversationId(), "opened",
                    () -> payloads.findConversation(e.accountId(), e.conversationId()).map(payloads::conversation));
        }
    }

    @ApplicationModuleListener(condition = "#a0.messageType().name() != 'ACTIVITY' && !#a0.isPrivate() && @agentBotReactions.botInbox(#a0.inboxId())")
    void on(MessageCreated e) {
        Optional<Conversation> c = payloads.findConversation(e.accountId(), e.conversationId());
        if (c.isEmpty() || e.messageType() == MessageType.ACTIVITY || e.isPrivate()) {
            return;
        }
        // A handover keyword: people have it now, and the bots hear the message on standby.
        boolean handedOver = e.messageType() == MessageType.INCOMING && c.get().owner() == Owner.BOT
                && threads.handOverOnKeyword(e.accountId(), c.get(), e.messageId());
        Long controller = !handedOver && c.get().owner() == Owner.BOT ? directory.controller(c.get()) : null;
        Supplier<Optional<Map<String, Object>>> message = () -> payloads.message(e.accountId(), e.conversationId(), e.messageId());
        for (Long bot : directory.botsOf(c.get().inboxId())) {
            if (e.senderType() == SenderType.AGENT_BOT && Objects.equals(e.senderId(), bot)) {
                continue; // a bot never gets its own messages (no loops)
            }
            boolean owner = Objects.equals(bot, controller);
            deliveries.send(e.accountId(), bot, owner ? AgentBotEvents.MESSAGE_CREATED : AgentBotEvents.STANDBY,
                    e.conversationId(), "message:" + e.messageId(), message);
            if (owner && e.messageType() == MessageType.INCOMING) {
                health.expectReply(e.accountId(), c.get(), bot, e.messageId());
            }
        }
        if (e.senderType() == SenderType.AGENT_BOT && e.senderId() != null) {
            health.replied(e.conversationId(), e.senderId());
        }
    }

    /** A changed message (a visitor's answer to the bot's form: submitted_values) goes to the bot that has the thread. */
    @ApplicationModuleListener(condition = "!#a0.isPrivate() && @agentBotReactions.botInbox(#a0.inboxId())")
    void on(MessageUpdated e) {
        Optional<Conversation> c = payloads.findConversation(e.accountId(), e.conversationId());
        Long controller = c.isPresent() && c.get().owner() == Owner.BOT ? directory.controller(c.get()) : null;
        if (controller == null || e.isPrivate() || controller.equals(e.agentBotId())) {
            return;
        }
        deliveries.send(e.accountId(), controller, AgentBotEvents.MESSAGE_UPDATED, e.conversationId(), "updated:" + e.seq(),
                () -> payloads.message(e.accountId(), e.conversationId(), e.messageId()));
    }

    @ApplicationModuleListener(condition = "@agentBotReactions.botInbox(#a0.inboxId())")
    void on(ConversationStateChanged e) {
        String key = ":" + e.seq();
        String previousStatus = Status.chatwootStatus(e.previousStatus(), e.previousOwner());
        String status = Status.chatwootStatus(e.status(), e.owner());
        if (!previousStatus.equals(status)) {
            send(e.accountId(), e.inboxId(), AgentBotEvents.CONVERSATION_STATUS_CHANGED, e.conversationId(), "status" + key,
                    () -> conversation(e.accountId(), e.conversationId(), Map.of("changed_attributes",
                            List.of(Map.of("status", ordered("current_value", status, "previous_value", previousStatus))))));
        }
        if (e.resolved()) {
            send(e.accountId(), e.inboxId(), AgentBotEvents.CONVERSATION_RESOLVED, e.conversationId(), "resolved" + key,
                    () -> conversation(e.accountId(), e.conversationId(), Map.of()));
        } else if (e.backToBot() && e.status() == Status.OPEN) {
            Map<String, Object> context = ordered("previous_owner", e.previousOwner().wire(),
                    "previous_status", previousStatus,
                    "agent", payloads.user(e.accountId(), e.previousAssignee()),
                    "team", payloads.team(e.accountId(), e.previousTeam()),
                    "transition", e.transition(), "actor", e.actor());
            if (e.previousStatus() == Status.RESOLVED) {
                send(e.accountId(), e.inboxId(), AgentBotEvents.CONVERSATION_OPENED, e.conversationId(), "opened" + key,
                        () -> conversation(e.accountId(), e.conversationId(), Map.of()));
            } else {
                send(e.accountId(), e.inboxId(), AgentBotEvents.CONVERSATION_RETURNED, e.conversationId(), "returned" + key,
                        () -> conversation(e.accountId(), e.conversationId(), Map.of("context", context)));
            }
        }
    }

    @ApplicationModuleListener(condition = "@agentBotReactions.botInbox(#a0.inboxId())")
    void on(HandoffRequested e) {
        send(e.accountId(), e.inboxId(), AgentBotEvents.HANDOFF_STARTED, e.conversationId(), "handoff:" + e.handoffId(),
                () -> payloads.findConversation(e.accountId(), e.conversationId()).map(c -> ordered(
                        "id", e.handoffId(), "kind", "handoff", "reason", e.reason(), "summary", e.summary(),
                        "team", payloads.team(e.accountId(), e.teamId()),
                        "requested_by", payloads.user(e.accountId(), e.requestedBy()),
                        "account", payloads.account(e.accountId()), "conversation", payloads.conversation(c))));
    }

    @ApplicationModuleListener
    void on(HandoffEnded e) {
        Optional<Conversation> found = payloads.findConversation(e.accountId(), e.conversationId());
        if (found.isEmpty() || !botInbox(found.get().inboxId())) {
            return;
        }
        send(e.accountId(), found.get().inboxId(), AgentBotEvents.HANDOFF_ENDED, e.conversationId(), "handoff:" + e.handoffId(),
                () -> payloads.findConversation(e.accountId(), e.conversationId()).map(c -> ordered(
                        "id", e.handoffId(), "kind", e.kind(), "outcome", e.outcome(),
                        "agent", payloads.user(e.accountId(), e.agentId()),
                        "account", payloads.account(e.accountId()), "conversation", payloads.conversation(c))));
    }

    @ApplicationModuleListener(condition = "@agentBotReactions.botInbox(#a0.inboxId())")
    void on(WebWidgetTriggered e) {
        send(e.accountId(), e.inboxId(), AgentBotEvents.WEBWIDGET_TRIGGERED, null, "widget:" + e.id(),
                () -> payloads.contactInbox(e.accountId(), e.contactInboxId()).map(ci -> {
                    Map<String, Object> m = new LinkedHashMap<>(ci);
                    m.put("event_info", e.eventInfo());
                    return m;
                }));
    }

    private Optional<Map<String, Object>> conversation(long accountId, long conversationId, Map<String, Object> extra) {
        return payloads.findConversation(accountId, conversationId).map(c -> {
            Map<String, Object> m = payloads.conversation(c);
            m.putAll(extra);
            return m;
        });
    }

    /** Queues the event for the inbox's primary bot when it chose it. */
    private void send(long accountId, long inboxId, String event, Long conversationId, String key,
                      Supplier<Optional<Map<String, Object>>> payload) {
        deliveries.send(accountId, inboxes.byId(inboxId).map(i -> i.automation().agentBotId()).orElse(null), event,
                conversationId, key, payload);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        return Payloads.ordered(keysAndValues);
    }
}
