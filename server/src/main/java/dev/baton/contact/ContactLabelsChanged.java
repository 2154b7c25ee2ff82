package dev.baton.contact;

import java.util.List;

/**
 * A contact's labels changed (Chatwoot's {@code POST /contacts/{id}/labels}), published in the changing transaction.
 * {@code agentBotId} is the agent bot that changed them, null when a person did.
 */
public record ContactLabelsChanged(long accountId, long contactId, List<String> added, List<String> removed, Long agentBotId) {
}
