package dev.baton.contact;

import java.util.Map;

/** A contact in Chatwoot's shape; conversations embed it as {@code meta.sender}. */
public record ContactView(long id, String name, String email, String phoneNumber, String identifier, String thumbnail,
                          Map<String, Object> customAttributes, Map<String, Object> additionalAttributes,
                          Long lastActivityAt, long createdAt, String type) {

    /** Chatwoot sends {@code ""} for a contact without a picture, never null (typed clients rely on it). */
    public ContactView {
        thumbnail = thumbnail == null ? "" : thumbnail;
    }

    public static ContactView of(Contact c) {
        return new ContactView(c.id(), c.name(), c.email(), c.phoneNumber(), c.identifier(), c.avatarUrl(),
                c.customAttributes(), c.additionalAttributes(),
                c.lastActivityAt() == null ? null : c.lastActivityAt().getEpochSecond(), c.createdAt().getEpochSecond(),
                "contact");
    }
}
