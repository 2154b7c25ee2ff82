package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's {@code POST /conversations/{id}/custom_attributes}; Baton merges (a null removes a key) instead of replacing. */
@RestController
class ConversationAttributeController {

    record Body(Map<String, Object> customAttributes) {
    }

    private final ConversationAttributes attributes;
    private final ConversationViews views;

    ConversationAttributeController(ConversationAttributes attributes, ConversationViews views) {
        this.attributes = attributes;
        this.views = views;
    }

    @PostMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/custom_attributes")
    Map<String, Object> set(@PathVariable long accountId, @PathVariable long conversationId,
                            @AuthenticationPrincipal CurrentUser user, @RequestBody Body body) {
        Conversation c = attributes.set(accountId, user, conversationId, body.customAttributes());
        return Map.of("custom_attributes", c.customAttributes(), "conversation", views.conversation(c));
    }
}
