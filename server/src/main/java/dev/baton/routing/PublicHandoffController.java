package dev.baton.routing;

import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import java.util.LinkedHashMap;
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

    PublicHandoffController(RoutingService routing, InboxService inboxes, ContactService contacts) {
        this.routing = routing;
        this.inboxes = inboxes;
        this.contacts = contacts;
    }

    @PostMapping("/handoff")
    Map<String, Object> request(@PathVariable String inboxIdentifier, @PathVariable String sourceId, @PathVariable long conversationId) {
        RoutingService.VisitorHandoff asked = routing.requestHandoffByVisitor(() -> visitor(inboxIdentifier, sourceId), conversationId);
        Handoff h = asked.handoff();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("conversation_id", conversationId);
        answer.put("state", h.state());
        if (!h.open()) {
            answer.put("outcome", h.outcome());
        }
        asked.closed().ifPresent(opening -> {
            answer.put("reason", Handoff.CLOSED);
            answer.putAll(PublicBusinessHoursController.view(opening));
        });
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
