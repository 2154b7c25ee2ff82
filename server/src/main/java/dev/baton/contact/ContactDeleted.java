package dev.baton.contact;

/**
 * A contact is deleted with everything Baton holds about them (the right to be forgotten). Published inside
 * the deleting transaction before the contact row goes, so that listeners remove their part in the same
 * commit (conversation removes the conversations, messages and uploaded files); a listener that fails
 * undoes the whole deletion.
 */
public record ContactDeleted(long accountId, long contactId) {
}
