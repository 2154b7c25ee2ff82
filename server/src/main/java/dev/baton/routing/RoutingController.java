package dev.baton.routing;

import dev.baton.account.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The desk's endpoints: status, handoff, offers, transfer, conference. Translation only; rules are in the services. */
@RestController
class RoutingController {

    record AvailabilityBody(String availability, Long accountId) {
    }

    record HandoffBody(Long teamId, Long assigneeId, String reason, String summary) {
    }

    record TransferBody(Long agentId, Long assigneeId, Long teamId, String note, Long stateVersion) {
    }

    record ParticipantBody(Long agentId, Long userId, Long stateVersion) {
    }

    record ReopenBody(Long stateVersion) {
    }

    record HandoffView(long id, long conversationId, String kind, Long teamId, Long targetAgentId, String state,
                       String outcome, long requestedAt, long deadlineAt) {
        static HandoffView of(Handoff h) {
            return new HandoffView(h.id(), h.conversationId(), h.kind().name().toLowerCase(java.util.Locale.ROOT), h.teamId(),
                    h.targetAgentId(), h.state(), h.outcome(), h.requestedAt().getEpochSecond(), h.deadlineAt().getEpochSecond());
        }
    }

    private final RoutingService routing;
    private final Presence presence;

    RoutingController(RoutingService routing, Presence presence) {
        this.routing = routing;
        this.presence = presence;
    }

    @PutMapping("/api/v1/profile/availability")
    Map<String, Object> availability(@AuthenticationPrincipal CurrentUser user, @RequestBody AvailabilityBody body) {
        List<Presence.StatusView> views = presence.setAvailability(user, body.accountId(), body.availability());
        return Map.of("availability", body.availability(), "payload", views);
    }

    @GetMapping("/api/v1/accounts/{accountId}/agent_statuses")
    List<Presence.StatusView> statuses(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        return presence.statuses(accountId, user);
    }

    @PostMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/handoff")
    HandoffView handoff(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                        @RequestBody(required = false) HandoffBody body) {
        HandoffBody b = body == null ? new HandoffBody(null, null, null, null) : body;
        return HandoffView.of(routing.requestHandoff(accountId, user, conversationId,
                new RoutingService.HandoffRequest(b.teamId(), b.assigneeId(), b.reason(), b.summary())));
    }

    @GetMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/queue")
    Map<String, Object> queue(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user) {
        routing.visibleOrFail(accountId, user, conversationId);
        return routing.queuePosition(accountId, conversationId).orElse(Map.of("conversation_id", conversationId));
    }

    @GetMapping("/api/v1/accounts/{accountId}/offers")
    Map<String, Object> offers(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", routing.offers(accountId, user));
    }

    @PostMapping("/api/v1/accounts/{accountId}/offers/{offerId}/accept")
    Map<String, Object> accept(@PathVariable long accountId, @PathVariable long offerId, @AuthenticationPrincipal CurrentUser user) {
        routing.accept(accountId, user, offerId);
        return Map.of("id", offerId, "status", Offer.ACCEPTED);
    }

    @PostMapping("/api/v1/accounts/{accountId}/offers/{offerId}/decline")
    Map<String, Object> decline(@PathVariable long accountId, @PathVariable long offerId, @AuthenticationPrincipal CurrentUser user) {
        routing.decline(accountId, user, offerId);
        return Map.of("id", offerId, "status", Offer.DECLINED);
    }

    @PostMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/transfer")
    HandoffView transfer(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                         @RequestBody TransferBody body) {
        Long agent = body.agentId() != null ? body.agentId() : body.assigneeId();
        return HandoffView.of(routing.transfer(accountId, user, conversationId, agent, body.teamId(), body.note(),
                body.stateVersion()));
    }

    @PostMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/participants")
    HandoffView invite(@PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
                       @RequestBody ParticipantBody body) {
        Long agent = body.agentId() != null ? body.agentId() : body.userId();
        if (agent == null) {
            throw dev.baton.shared.BatonException.invalid("agent_id", "required", "agent_id is required");
        }
        return HandoffView.of(routing.invite(accountId, user, conversationId, agent, body.stateVersion()));
    }

    @GetMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/participants")
    Map<String, Object> participants(@PathVariable long accountId, @PathVariable long conversationId,
                                     @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", routing.participants(accountId, user, conversationId));
    }

    @GetMapping("/api/v1/accounts/{accountId}/agents/{userId}/page_rules")
    Map<String, Object> pageRules(@PathVariable long accountId, @PathVariable long userId, @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", routing.pageRules(accountId, user, userId));
    }

    @PutMapping("/api/v1/accounts/{accountId}/agents/{userId}/page_rules")
    Map<String, Object> replacePageRules(@PathVariable long accountId, @PathVariable long userId,
                                         @AuthenticationPrincipal CurrentUser user, @RequestBody Map<String, List<Map<String, Object>>> body) {
        return Map.of("payload", routing.replacePageRules(accountId, user, userId, body.get("rules")));
    }

    @DeleteMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/participants/{agentId}")
    ResponseEntity<Void> leave(@PathVariable long accountId, @PathVariable long conversationId, @PathVariable long agentId,
                               @AuthenticationPrincipal CurrentUser user,
                               @RequestParam(name = "state_version", required = false) Long stateVersion) {
        routing.leave(accountId, user, conversationId, agentId, stateVersion);
        return ResponseEntity.ok().build();
    }

    /**
     * Baton's reopen (the workspace's button): the agent reopens a closed conversation and takes it. Unlike
     * Chatwoot's toggle_status, an open conversation is a 409 {@code conversation_open}: of an agent's reopen and
     * a visitor's new message at once, one wins.
     */
    @PostMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/reopen")
    Map<String, Object> reopen(@PathVariable long accountId, @PathVariable long conversationId,
                               @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) ReopenBody body) {
        var c = routing.reopen(accountId, user, conversationId, body == null ? null : body.stateVersion());
        return Map.of("conversation_id", c.id(), "status", c.chatwootStatus(), "owner", c.owner().wire(),
                "assignee_id", c.assigneeId() == null ? 0 : c.assigneeId(), "state_version", c.stateVersion());
    }
}
