package dev.baton.routing;

import dev.baton.conversation.Actor;
import dev.baton.conversation.ConversationOpened;
import dev.baton.conversation.Owner;
import dev.baton.inbox.InboxService;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * "Live chat only": a visitor's new conversation in an inbox without a bot but with a team goes straight to
 * that team's queue. Durable (runs again if its node dies first) and idempotent (a conversation handed off
 * once is not handed off again by a late delivery).
 */
@Component
class NewChats {

    private final RoutingService routing;
    private final RoutingRepository repository;
    private final InboxService inboxes;

    NewChats(RoutingService routing, RoutingRepository repository, InboxService inboxes) {
        this.routing = routing;
        this.repository = repository;
        this.inboxes = inboxes;
    }

    @ApplicationModuleListener
    void onOpened(ConversationOpened e) {
        if (e.owner() != Owner.QUEUE) {
            return;
        }
        Long team = inboxes.byId(e.inboxId()).map(i -> i.automation().teamId()).orElse(null);
        if (team != null && !repository.hasHandoff(e.conversationId())) {
            routing.tryHandoff(e.accountId(), e.conversationId(), team, "new_chat", Actor.SYSTEM);
        }
    }
}
