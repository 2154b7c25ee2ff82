package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's {@code GET /contacts/{id}/conversations} (the side panel's previous conversations). It lives
 * here, not in the contact feature, because conversations depend on contacts and not the other way round.
 */
@RestController
class ContactConversationController {

    private final ConversationQueries queries;
    private final ConversationViews views;

    ContactConversationController(ConversationQueries queries, ConversationViews views) {
        this.queries = queries;
        this.views = views;
    }

    @GetMapping("/api/v1/accounts/{accountId}/contacts/{contactId}/conversations")
    Map<String, Object> list(@PathVariable long accountId, @PathVariable long contactId,
                             @AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) Integer page) {
        int current = page == null ? 1 : page;
        return Map.of("meta", Map.of("page", current, "per_page", ConversationQueries.PAGE_SIZE),
                "payload", views.conversations(accountId, queries.contactConversations(accountId, user, contactId, page)));
    }
}
