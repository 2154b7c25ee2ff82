package dev.baton.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.baton.account.CurrentUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's {@code GET /api/v1/accounts/{id}/audit_logs} (Enterprise): administrators only, newest first,
 * keyset-paged with {@code before}, filtered by {@code auditable_type} and {@code user_id} (docs/api.md#audit-log).
 */
@RestController
class AuditLogController {

    /** Chatwoot's entry, and Baton's {@code auditable_name} and {@code actor_name} (as they were at the time). */
    record EntryView(long id, String auditableType, long auditableId, String auditableName, String action, Long userId,
                     String username, String actorName, @JsonRawValue String auditedChanges, long accountId,
                     long createdAt) {

        static EntryView of(AuditEntry e) {
            return new EntryView(e.id(), e.auditableType(), e.auditableId(), e.auditableName(), e.action(), e.userId(),
                    e.username(), e.actorName(), e.auditedChanges(), e.accountId(), e.createdAt().getEpochSecond());
        }
    }

    private final AuditLog log;

    AuditLogController(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/api/v1/accounts/{accountId}/audit_logs")
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(name = "auditable_type", required = false) String type,
                             @RequestParam(name = "user_id", required = false) Long userId,
                             @RequestParam(required = false) Long before,
                             @RequestParam(name = "per_page", required = false) Integer perPage) {
        List<AuditEntry> page = log.page(accountId, user, type, userId, before, perPage);
        int size = perPage == null ? AuditLog.DEFAULT_PAGE : perPage;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("audit_logs", page.stream().map(EntryView::of).toList());
        answer.put("per_page", size);
        answer.put("total_entries", log.count(accountId, type, userId));
        answer.put("next_before", page.size() == size ? page.getLast().id() : null);
        return answer;
    }
}
