package dev.baton.bot;

import java.time.Instant;

/** A story: its editable draft and the number of its latest published version (null: never published). */
public record Story(long id, long accountId, String name, String draft, Integer publishedVersion, Instant updatedAt) {
}
