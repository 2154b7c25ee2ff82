package dev.baton.routing;

import dev.baton.account.CurrentUser;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationViews;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's manual assignment: {@code {"assignee_id": n}} (null unassigns) or {@code {"team_id": n}}
 * (null removes the team). Answers the assignee, or the team, as Chatwoot does.
 */
@RestController
class AssignmentController {

    record AssignmentBody(Long assigneeId, Long teamId) {
    }

    private final ConversationService conversations;
    private final ConversationViews views;
    private final TeamService teams;
    private final RoutingService routing;

    AssignmentController(ConversationService conversations, ConversationViews views, TeamService teams, RoutingService routing) {
        this.routing = routing;
        this.conversations = conversations;
        this.views = views;
        this.teams = teams;
    }

    @PostMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/assignments")
    Object assign(@PathVariable long accountId, @PathVariable long conversationId,
                  @AuthenticationPrincipal CurrentUser user, @RequestBody Map<String, Object> raw) {
        if (raw.containsKey("team_id")) {
            Long teamId = id(raw.get("team_id"), "team_id");
            Team team = teamId == null ? null : teams.get(accountId, user, teamId);
            conversations.assignTeam(accountId, user, conversationId, teamId, team == null ? null : team.name(),
                    id(raw.get("state_version"), "state_version"));
            return team == null ? Map.of() : TeamController.view(team, teams.teamIdsOf(user.id()));
        }
        Long assigneeId = id(raw.get("assignee_id"), "assignee_id");
        boolean override = Boolean.TRUE.equals(raw.get("override_capacity"));
        Conversation c = routing.assign(accountId, user, conversationId, assigneeId, override,
                id(raw.get("state_version"), "state_version"));
        return c.assigneeId() == null ? Map.of() : views.conversation(c).meta().assignee();
    }

    /** Chatwoot clients send ids as numbers or numeric strings. */
    private static Long id(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new dev.baton.shared.BatonException(dev.baton.shared.ErrorCode.INVALID_TYPE,
                    List.of(new dev.baton.shared.FieldProblem(field, "invalid_type", "must be a number")), field);
        }
    }
}
