package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import dev.baton.contact.AttributeModel;
import dev.baton.contact.CustomAttributes;
import dev.baton.shared.BatonException;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A conversation's custom attributes as agents edit them (the side panel, Chatwoot's
 * {@code POST /conversations/{id}/custom_attributes}): values are checked against the account's
 * conversation attribute definitions before {@link ConversationService} writes them under the row lock.
 */
@Service
public class ConversationAttributes {

    private final ConversationService conversations;
    private final CustomAttributes definitions;

    ConversationAttributes(ConversationService conversations, CustomAttributes definitions) {
        this.conversations = conversations;
        this.definitions = definitions;
    }

    public Conversation set(long accountId, CurrentUser actor, long conversationId, Map<String, Object> attributes) {
        if (attributes == null) {
            throw BatonException.invalid("custom_attributes", "required", "custom_attributes is required");
        }
        if (attributes.size() > 100) {
            throw BatonException.invalid("custom_attributes", "length", "at most 100 attributes at once");
        }
        for (String key : attributes.keySet()) {
            if (key.isBlank() || key.length() > 100) {
                throw BatonException.invalid("custom_attributes", "format", "keys have 1 to 100 characters");
            }
        }
        Map<String, Object> checked = definitions.check(accountId, AttributeModel.CONVERSATION, attributes);
        return conversations.setCustomAttributes(accountId, actor, conversationId, checked);
    }
}
