package dev.baton.channel.slack;

import dev.baton.account.CurrentUser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Slack connection of an inbox or of a team, for administrators (docs/api.md#slack, docs/slack.md): the same
 * endpoints under either; a team's connection takes the requests of handoffs routed to the team.
 */
@RestController
@RequestMapping({"/api/v1/accounts/{accountId}/inboxes/{inboxId}/slack", "/api/v1/accounts/{accountId}/teams/{teamId}/slack"})
class SlackAdminController {

    record TokenBody(String botToken) {
    }

    record ChannelBody(String channelId) {
    }

    private final SlackConnections connections;
    private final SlackInstall install;
    private final SlackSettings settings;

    SlackAdminController(SlackConnections connections, SlackInstall install, SlackSettings settings) {
        this.connections = connections;
        this.install = install;
        this.settings = settings;
    }

    @GetMapping
    Map<String, Object> show(@PathVariable long accountId, @PathVariable(required = false) Long inboxId, @PathVariable(required = false) Long teamId,
                            @AuthenticationPrincipal CurrentUser user) {
        Map<String, Object> view = connections.get(accountId, user, holder(inboxId, teamId)).map(SlackAdminController::view)
                .orElseGet(() -> notConnected());
        view.put("install_available", settings.installable());
        return Map.of("payload", view);
    }

    /** "Add to Slack": Slack's authorize URL, with a state for this administrator and inbox or team. */
    @PostMapping("/install")
    Map<String, Object> install(@PathVariable long accountId, @PathVariable(required = false) Long inboxId, @PathVariable(required = false) Long teamId,
                            @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", Map.of("url", install.start(accountId, user, holder(inboxId, teamId))));
    }

    @PutMapping
    Map<String, Object> connect(@PathVariable long accountId, @PathVariable(required = false) Long inboxId, @PathVariable(required = false) Long teamId,
                            @AuthenticationPrincipal CurrentUser user,
                                @RequestBody TokenBody body) {
        return Map.of("payload", view(connections.connect(accountId, user, holder(inboxId, teamId), body.botToken())));
    }

    @GetMapping("/channels")
    Map<String, Object> channels(@PathVariable long accountId, @PathVariable(required = false) Long inboxId, @PathVariable(required = false) Long teamId,
                            @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", connections.publicChannels(accountId, user, holder(inboxId, teamId)).stream()
                .map(c -> Map.of("id", c.id(), "name", c.name())).toList());
    }

    @PutMapping("/channel")
    Map<String, Object> channel(@PathVariable long accountId, @PathVariable(required = false) Long inboxId, @PathVariable(required = false) Long teamId,
                            @AuthenticationPrincipal CurrentUser user,
                                @RequestBody ChannelBody body) {
        return Map.of("payload", view(connections.chooseChannel(accountId, user, holder(inboxId, teamId), body.channelId())));
    }

    @DeleteMapping
    ResponseEntity<Void> disconnect(@PathVariable long accountId, @PathVariable(required = false) Long inboxId, @PathVariable(required = false) Long teamId,
                            @AuthenticationPrincipal CurrentUser user) {
        connections.disconnect(accountId, user, holder(inboxId, teamId));
        return ResponseEntity.noContent().build();
    }

    private static SlackRepository.Holder holder(Long inboxId, Long teamId) {
        return inboxId != null ? SlackRepository.Holder.inbox(inboxId) : SlackRepository.Holder.team(teamId);
    }

    private static Map<String, Object> notConnected() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connected", false);
        v.put("requirements", requirements());
        return v;
    }

    static Map<String, Object> view(SlackRepository.Connection c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("connected", true);
        v.put("status", c.status());
        v.put("disabled_reason", c.disabledReason());
        v.put("team_id", c.teamId());
        v.put("team_name", c.teamName());
        v.put("inbox_id", c.inboxId());
        v.put("baton_team_id", c.batonTeamId());
        v.put("bot_user_id", c.botUserId());
        v.put("request_channel", c.requestChannelId() == null ? null
                : Map.of("id", c.requestChannelId(), "name", c.requestChannelName()));
        v.put("last_error", c.lastError());
        v.put("last_error_message", c.lastError() == null ? null : SlackConnections.explain(c.lastError()));
        v.put("requirements", requirements());
        v.put("updated_at", c.updatedAt().getEpochSecond());
        return v;
    }

    /** The workspace settings the bridge needs (seed 000), as keys the admin page translates. */
    private static java.util.List<String> requirements() {
        return java.util.List.of("members_create_public_channels", "members_archive_channels");
    }
}
