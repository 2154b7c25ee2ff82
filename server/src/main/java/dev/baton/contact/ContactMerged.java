package dev.baton.contact;

/**
 * Contact {@code mergedId} became part of {@code baseId} (a manual merge, or a visitor who identified as
 * a known person). Published inside the merge's transaction before the contact rows change, so that
 * listeners move what they keep of the merged contact (conversation moves its conversations) in the same
 * commit, and lock their rows first, in the order every conversation change takes (conversation, then contact).
 */
public record ContactMerged(long accountId, long baseId, long mergedId) {
}
