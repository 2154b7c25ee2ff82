package dev.baton.audit;

import java.time.Instant;

/** One entry of the audit log; {@code auditedChanges} is JSON text. */
record AuditEntry(long id, long accountId, String auditableType, long auditableId, String auditableName, String action,
                  Long userId, String username, String actorName, String auditedChanges, Instant createdAt) {
}
