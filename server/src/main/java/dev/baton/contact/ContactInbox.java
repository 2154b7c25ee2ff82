package dev.baton.contact;

/**
 * A contact's presence in one inbox. {@code sourceId} names the visitor in the public API and
 * {@code pubsubToken} opens their socket: both are unguessable and open only this visitor's conversations.
 */
public record ContactInbox(long id, long contactId, long inboxId, String sourceId, String pubsubToken,
                           boolean hmacVerified) {
}
