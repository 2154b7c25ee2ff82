package dev.baton.contact;

import java.time.Instant;
import java.util.List;

/** A custom attribute an administrator defined for contacts or conversations (Chatwoot's custom_attribute_definition). */
public record AttributeDefinition(long id, long accountId, AttributeModel model, String key, String displayName,
                                  AttributeType type, String description, List<String> values, String regexPattern,
                                  String regexCue, Instant createdAt, Instant updatedAt) {
}
