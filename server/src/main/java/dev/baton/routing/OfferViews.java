package dev.baton.routing;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationViews;
import dev.baton.conversation.Views;
import dev.baton.inbox.InboxService;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The offer card an agent sees: visitor, inbox, team, the messages so far and the seconds left (seed 003). */
@Component
class OfferViews {

    record OfferView(long id, long conversationId, String kind, String status, String visitorName, Map<String, Object> inbox,
                     Map<String, Object> team, String reason, String summary, Long requestedBy, String requestedByName,
                     List<Views.MessageView> messages, long expiresAt, long secondsLeft, long createdAt) {
    }

    private final ConversationQueries conversations;
    private final ConversationViews views;
    private final dev.baton.account.AgentService agents;
    private final InboxService inboxes;
    private final TeamService teams;
    private final Clock clock;

    OfferViews(ConversationQueries conversations, ConversationViews views,
               dev.baton.account.AgentService agents, InboxService inboxes, TeamService teams, Clock clock) {
        this.conversations = conversations;
        this.agents = agents;
        this.views = views;
        this.inboxes = inboxes;
        this.teams = teams;
        this.clock = clock;
    }

    OfferView view(Offer offer, Handoff h) {
        Conversation c = conversations.find(h.accountId(), h.conversationId()).orElseThrow();
        // The same name as in the conversation list: the inbox's pseudonym, else the contact's name.
        String visitor = views.visitorName(c);
        Map<String, Object> inbox = inboxes.byId(h.inboxId()).<Map<String, Object>>map(i -> Map.of("id", i.id(), "name", i.name()))
                .orElse(null);
        Map<String, Object> team = h.teamId() == null ? null
                : teams.byId(h.teamId()).<Map<String, Object>>map(t -> Map.of("id", t.id(), "name", t.name())).orElse(null);
        // The card says who hands the conversation over (a transfer) or asks for help (a conference).
        String requestedByName = h.requestedBy() == null ? null
                : agents.find(h.accountId(), h.requestedBy()).map(dev.baton.account.Agent::availableName).orElse(null);
        long left = Math.max(0, offer.expiresAt().getEpochSecond() - clock.instant().getEpochSecond());
        return new OfferView(offer.id(), h.conversationId(), h.kind().name().toLowerCase(java.util.Locale.ROOT), offer.status(),
                visitor, inbox, team, h.reason(), h.summary(), h.requestedBy(), requestedByName,
                views.messagesOf(c, conversations.recentMessages(c.id(), 20)), offer.expiresAt().getEpochSecond(), left,
                offer.createdAt().getEpochSecond());
    }
}
