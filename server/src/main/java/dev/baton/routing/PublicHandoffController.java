package dev.baton.routing;

import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The visitor asks for a person, says no to waiting (outcome declined), or asks for their place in the queue. Outside
 * business hours the answer says so at once: {@code state} done, {@code outcome} no_agent, {@code reason} closed and
 * {@code opens_at}.
 */
@RestController
@RequestMapping("/public/api/v1/inboxes/{inboxIdentifier}/contacts/{sourceId}/conversations/{conversationId}")
class PublicHandoffController {

    private final RoutingService routing;
    private final InboxService inboxes;
    private final ContactService contacts;
    private final TeamService teams;
    private final java.time.Clock clock;

    PublicHandoffController(RoutingService routing, InboxService inboxes, ContactService contacts, TeamService teams,
                            java.time.Clock clock) {
        this.teams = teams;
        this.clock = clock;
        this.routing = routing;
        this.inboxes = inboxes;
        this.contacts = contacts;
    }

    @PostMapping("/handoff")
    Map<String, Object> request(@PathVariable String inboxIdentifier, @PathVariable String sourceId, @PathVariable long conversationId) {
        ContactInbox visitor = visitor(inboxIdentifier, sourceId);
        Handoff h = routing.requestHandoffByVisitor(visitor, conversationId);
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("conversation_id", conversationId);
        answer.put("state", h.state());
        if (!h.open()) {
            answer.put("outcome", h.outcome());
            routing.outcomeReasonOf(h.id()).ifPresent(reason -> {
                answer.put("reason", reason);
                answer.putAll(PublicBusinessHoursController.view(teams.openingAt(h.accountId(), h.teamId(), h.inboxId(), clock.instant())));
            });
        }
        return answer;
    }

    @PostMapping("/handoff/cancel")
    Map<String, Object> cancel(@PathVariable String inboxIdentifier, @PathVariable String sourceId, @PathVariable long conversationId) {
        routing.cancelByVisitor(visitor(inboxIdentifier, sourceId), conversationId);
        return Map.of("conversation_id", conversationId, "outcome", Handoff.DECLINED);
    }

    @GetMapping("/queue")
    Map<String, Object> queue(@PathVariable String inboxIdentifier, @PathVariable String sourceId, @PathVariable long conversationId) {
        ContactInbox visitor = visitor(inboxIdentifier, sourceId);
        long accountId = inboxes.byId(visitor.inboxId()).map(Inbox::accountId).orElseThrow();
        routing.visitorConversationOrFail(visitor, conversationId);
        return routing.queuePosition(accountId, conversationId).orElse(Map.of("conversation_id", conversationId));
    }

    private ContactInbox visitor(String inboxIdentifier, String sourceId) {
        Inbox inbox = inboxes.byIdentifier(inboxIdentifier).orElseThrow(() -> BatonException.notFound("Inbox"));
        return contacts.publicVisitor(inbox, sourceId);
    }
}
