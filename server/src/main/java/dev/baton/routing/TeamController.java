package dev.baton.routing;

import dev.baton.account.AgentService;
import dev.baton.account.BusinessHours;
import dev.baton.account.CurrentUser;
import dev.baton.shared.Paging;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's {@code /teams} and {@code /teams/{id}/team_members}. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/teams")
class TeamController {

    record TeamView(long id, long accountId, String name, String description, boolean allowAutoAssign, boolean isMember,
                    String offerMode, int offerTimeoutSeconds, int handoffTimeoutSeconds, Long overflowTeamId,
                    String onDisconnect, boolean workingHoursEnabled, String timezone, List<BusinessHours.Day> workingHours,
                    java.util.Collection<String> holidays) {
    }

    record MembersBody(List<Long> userIds) {
    }

    record MemberView(long id, String name, String availableName, String email, String role, String thumbnail) {
        MemberView {
            thumbnail = thumbnail == null ? "" : thumbnail;
        }
    }

    private final TeamService teams;
    private final AgentService agents;

    TeamController(TeamService teams, AgentService agents) {
        this.teams = teams;
        this.agents = agents;
    }

    @GetMapping
    List<TeamView> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                        @RequestParam(required = false) Integer page) {
        List<Long> mine = teams.teamIdsOf(user.id());
        return teams.list(accountId, user, Paging.of(page, 100)).stream().map(t -> view(t, mine)).toList();
    }

    @GetMapping("/{teamId}")
    TeamView show(@PathVariable long accountId, @PathVariable long teamId, @AuthenticationPrincipal CurrentUser user) {
        return view(teams.get(accountId, user, teamId), teams.teamIdsOf(user.id()));
    }

    @PostMapping
    TeamView create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                    @RequestBody TeamService.TeamSettings body) {
        return view(teams.create(accountId, user, body), List.of());
    }

    @PatchMapping("/{teamId}")
    TeamView update(@PathVariable long accountId, @PathVariable long teamId, @AuthenticationPrincipal CurrentUser user,
                    @RequestBody TeamService.TeamSettings body) {
        return view(teams.update(accountId, user, teamId, body), teams.teamIdsOf(user.id()));
    }

    @DeleteMapping("/{teamId}")
    ResponseEntity<Void> delete(@PathVariable long accountId, @PathVariable long teamId, @AuthenticationPrincipal CurrentUser user) {
        teams.delete(accountId, user, teamId);
        return ResponseEntity.ok().build();
    }

    @GetMapping("/{teamId}/team_members")
    List<MemberView> members(@PathVariable long accountId, @PathVariable long teamId, @AuthenticationPrincipal CurrentUser user) {
        return members(accountId, teams.members(accountId, user, teamId));
    }

    @PostMapping("/{teamId}/team_members")
    List<MemberView> addMembers(@PathVariable long accountId, @PathVariable long teamId,
                                @AuthenticationPrincipal CurrentUser user, @RequestBody MembersBody body) {
        return members(accountId, teams.addMembers(accountId, user, teamId, body.userIds()));
    }

    @PatchMapping("/{teamId}/team_members")
    List<MemberView> replaceMembers(@PathVariable long accountId, @PathVariable long teamId,
                                    @AuthenticationPrincipal CurrentUser user, @RequestBody MembersBody body) {
        return members(accountId, teams.replaceMembers(accountId, user, teamId, body.userIds()));
    }

    @DeleteMapping("/{teamId}/team_members")
    List<MemberView> removeMembers(@PathVariable long accountId, @PathVariable long teamId,
                                   @AuthenticationPrincipal CurrentUser user, @RequestBody MembersBody body) {
        return members(accountId, teams.removeMembers(accountId, user, teamId, body.userIds()));
    }

    private List<MemberView> members(long accountId, List<Long> userIds) {
        return agents.agents(accountId, userIds).stream()
                .map(a -> new MemberView(a.id(), a.name(), a.availableName(), a.email(), a.role().wire(), a.avatarUrl()))
                .toList();
    }

    static TeamView view(Team t, List<Long> myTeams) {
        return new TeamView(t.id(), t.accountId(), t.name(), t.description(), t.allowAutoAssign(), myTeams.contains(t.id()),
                t.offerMode(), t.offerTimeoutSeconds(), t.handoffTimeoutSeconds(), t.overflowTeamId(), t.onDisconnect(),
                t.hours().enabled(), t.timezone(), t.hours().week(), t.hours().holidayDates());
    }
}
