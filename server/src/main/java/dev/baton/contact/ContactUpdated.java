package dev.baton.contact;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A contact's fields changed ({@code changedAttributes}, in Chatwoot's names). {@code previousValues} holds
 * the former value of the changed short fields (name, email, phone_number, identifier, avatar_url), not of
 * the attribute maps, so the event stays small. {@code id} makes each change unique for durable reactions.
 */
public record ContactUpdated(UUID id, long accountId, long contactId, List<String> changedAttributes,
                             Map<String, String> previousValues) {
}
