package dev.baton.contact;

/** A contact was created (by an agent, an API client, or a visitor of a public inbox); in its transaction. */
public record ContactCreated(long accountId, long contactId) {
}
