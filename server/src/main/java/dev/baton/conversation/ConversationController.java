package dev.baton.conversation;

import dev.baton.account.CurrentUser;
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

    record StatusBody(String status, Long snoozedUntil, Long wrapUpReasonId) {
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
                             @RequestParam(required = false) String q) {
        List<String> allLabels = labels != null ? labels : labelsArray;
        ConversationQueries.ListResult result = queries.list(accountId, user,
                new ConversationQueries.ListFilter(status, assigneeType, inboxId, teamId, allLabels, page, unread, q));
        return Map.of("data", Map.of("meta", counts(result), "payload", views.conversations(accountId, result.conversations())));
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
        ConversationQueries.ListResult result = queries.list(accountId, user,
                new ConversationQueries.ListFilter(status, "all", inboxId, teamId, null, 1));
        return Map.of("meta", counts(result));
    }

    @GetMapping("/{conversationId}")
    Views.ConversationView show(@PathVariable long accountId, @PathVariable long conversationId,
                                @AuthenticationPrincipal CurrentUser user) {
        return views.conversation(queries.get(accountId, user, conversationId));
    }

    @PostMapping
    Views.ConversationView create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                  @RequestBody ConversationService.NewConversation body) {
        return views.conversation(service.open(accountId, user, body));
    }

    @PostMapping("/{conversationId}/toggle_status")
    Map<String, Object> toggleStatus(@PathVariable long accountId, @PathVariable long conversationId,
                                     @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) StatusBody body) {
        StatusBody b = body == null ? new StatusBody(null, null, null) : body;
        ConversationService.StatusToggled result = service.toggleStatus(accountId, user, conversationId, b.status(),
                b.snoozedUntil(), b.wrapUpReasonId());
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
