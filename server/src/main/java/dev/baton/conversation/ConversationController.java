package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import dev.baton.shared.BatonException;
import dev.baton.shared.ChatwootFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's conversation endpoints of the Application API. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/conversations")
class ConversationController {

    record StatusBody(String status, Long snoozedUntil, Long wrapUpReasonId, Long stateVersion) {
    }

    record LabelsBody(List<String> labels) {
    }

    record TypingBody(String typingStatus, Boolean isPrivate) {
    }

    private final ConversationService service;
    private final ConversationQueries queries;
    private final ConversationViews views;
    private final dev.baton.account.AgentService agents;

    ConversationController(ConversationService service, ConversationQueries queries, ConversationViews views,
                           dev.baton.account.AgentService agents) {
        this.service = service;
        this.queries = queries;
        this.views = views;
        this.agents = agents;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) String status,
                             @RequestParam(name = "assignee_type", required = false) String assigneeType,
                             @RequestParam(name = "inbox_id", required = false) Long inboxId,
                             @RequestParam(name = "team_id", required = false) Long teamId,
                             @RequestParam(name = "labels", required = false) List<String> labels,
                             @RequestParam(name = "labels[]", required = false) List<String> labelsArray,
                             @RequestParam(required = false) Integer page,
                             @RequestParam(required = false) String unread,
                             @RequestParam(required = false) String q,
                             @RequestParam(required = false) String cursor) {
        List<String> allLabels = labels != null ? labels : labelsArray;
        ConversationQueries.ListResult result = queries.list(accountId, user,
                new ConversationQueries.ListFilter(status, assigneeType, inboxId, teamId, allLabels, page, unread, q, cursor));
        Map<String, Object> meta = counts(result);
        meta.put("next_cursor", result.nextCursor());
        return Map.of("data", Map.of("meta", meta, "payload", views.conversations(accountId, result)));
    }

    /**
     * Chatwoot's conversation filter, for the keys Baton's list filters by: {@code status}, {@code inbox_id},
     * {@code team_id} ({@code equal_to}, one value) and {@code labels} ({@code equal_to}: any of them), joined by AND.
     * Without a {@code status} condition every status is listed (the list's default is open).
     */
    @PostMapping("/filter")
    Map<String, Object> filter(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestParam(required = false) Integer page, @RequestBody Map<String, Object> body) {
        ChatwootFilter filter = ChatwootFilter.parse(body, java.util.Set.of("equal_to"));
        String status = "all";
        Long inboxId = null;
        Long teamId = null;
        List<String> labels = null;
        int i = 0;
        for (var entry : filter.conditions().entrySet()) {
            String field = "payload." + i++;
            ChatwootFilter.Condition condition = entry.getValue();
            switch (entry.getKey()) {
                case "status" -> status = condition.single(field);
                case "inbox_id" -> inboxId = id(condition.single(field), field);
                case "team_id" -> teamId = id(condition.single(field), field);
                case "labels" -> labels = condition.values();
                default -> throw BatonException.invalid(field + ".attribute_key", "inclusion",
                        "attribute_key must be one of status, inbox_id, team_id, labels");
            }
        }
        ConversationQueries.ListResult result = queries.list(accountId, user,
                new ConversationQueries.ListFilter(status, "all", inboxId, teamId, labels, page, null, null, null));
        return Map.of("meta", counts(result), "payload", views.conversations(accountId, result));
    }

    private static Long id(String value, String field) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw BatonException.invalid(field + ".values", "invalid_type", "values must be ids");
        }
    }

    /** Chatwoot's counters, plus {@code unread_count}: conversations with visitor messages no agent has seen. */
    private static Map<String, Object> counts(ConversationQueries.ListResult result) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("mine_count", result.mineCount());
        meta.put("unassigned_count", result.unassignedCount());
        meta.put("assigned_count", result.assignedCount());
        meta.put("all_count", result.allCount());
        meta.put("unread_count", result.unreadCount());
        return meta;
    }

    @GetMapping("/meta")
    Map<String, Object> meta(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) String status,
                             @RequestParam(name = "inbox_id", required = false) Long inboxId,
                             @RequestParam(name = "team_id", required = false) Long teamId) {
        ConversationQueries.ListResult result = queries.counts(accountId, user,
                new ConversationQueries.ListFilter(status, "all", inboxId, teamId, null, 1));
        return Map.of("meta", counts(result));
    }

    @GetMapping("/{conversationId}")
    Views.ConversationView show(@PathVariable long accountId, @PathVariable long conversationId,
                                @AuthenticationPrincipal CurrentUser user) {
        return views.conversation(queries.get(accountId, user, conversationId), service.actorFor(accountId, user));
    }

    @PostMapping
    Views.ConversationView create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                  @RequestBody ConversationService.NewConversation body) {
        return views.conversation(service.open(accountId, user, body), service.actorFor(accountId, user));
    }

    record PriorityBody(String priority) {
    }

    /** Chatwoot's toggle_priority. Answer: {@code {}} (Chatwoot answers an empty 200). */
    @PostMapping("/{conversationId}/toggle_priority")
    Map<String, Object> togglePriority(@PathVariable long accountId, @PathVariable long conversationId,
                                       @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) PriorityBody body) {
        service.setPriority(accountId, user, conversationId, body == null ? null : body.priority());
        return Map.of();
    }

    @PostMapping("/{conversationId}/toggle_status")
    Map<String, Object> toggleStatus(@PathVariable long accountId, @PathVariable long conversationId,
                                     @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) StatusBody body) {
        StatusBody b = body == null ? new StatusBody(null, null, null, null) : body;
        ConversationService.StatusToggled result = service.toggleStatus(accountId, user, conversationId, b.status(),
                b.snoozedUntil(), b.wrapUpReasonId(), b.stateVersion());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("success", true);
        payload.put("current_status", result.currentStatus());
        payload.put("conversation_id", result.conversationId());
        payload.put("owner", result.conversation().owner().wire());
        return Map.of("meta", Map.of(), "payload", payload);
    }

    @GetMapping("/{conversationId}/labels")
    Map<String, Object> labels(@PathVariable long accountId, @PathVariable long conversationId,
                               @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", queries.labels(accountId, user, conversationId));
    }

    @PostMapping("/{conversationId}/labels")
    Map<String, Object> setLabels(@PathVariable long accountId, @PathVariable long conversationId,
                                  @AuthenticationPrincipal CurrentUser user, @RequestBody LabelsBody body) {
        return Map.of("payload", service.setLabels(accountId, user, conversationId, body.labels()));
    }

    @PostMapping("/{conversationId}/toggle_typing_status")
    Map<String, Object> typing(@PathVariable long accountId, @PathVariable long conversationId,
                               @AuthenticationPrincipal CurrentUser user, @RequestBody TypingBody body) {
        service.typingByAgent(accountId, user, conversationId, body.typingStatus(), Boolean.TRUE.equals(body.isPrivate()));
        return Map.of();
    }

    @PostMapping("/{conversationId}/update_last_seen")
    Map<String, Object> seen(@PathVariable long accountId, @PathVariable long conversationId,
                             @AuthenticationPrincipal CurrentUser user) {
        Conversation c = service.markReadByAgent(accountId, user, conversationId);
        return Map.of("id", c.id(), "agent_last_seen_at", ConversationViews.epoch(c.agentLastSeenAt()));
    }
}
