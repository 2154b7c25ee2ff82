package dev.baton.account;

import dev.baton.shared.Paging;
import java.util.List;
import org.springframework.http.HttpStatus;
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

/** Chatwoot's {@code /agents}: a plain array, paged by {@code page} (100 per page). */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/agents")
class AgentController {

    private final AgentService agents;
    private final InvitationService invitations;
    private final AccountService accounts;

    AgentController(AgentService agents, InvitationService invitations, AccountService accounts) {
        this.agents = agents;
        this.invitations = invitations;
        this.accounts = accounts;
    }

    @GetMapping
    List<AccountViews.AgentView> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                                      @RequestParam(required = false) Integer page) {
        return agents.list(accountId, user, Paging.of(page, 100)).stream().map(AccountViews.AgentView::of).toList();
    }

    /** 200 with the agent when a new person joined at once; 202 with the invitation when one was sent (ADR 0021). */
    @PostMapping
    ResponseEntity<Object> add(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody AgentService.NewAgent body) {
        return switch (invitations.add(accountId, user, body)) {
            case InvitationService.Joined joined -> ResponseEntity.ok(AccountViews.AgentView.of(joined.created().agent()));
            case InvitationService.Invited invited -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(AccountViews.InvitationView.of(invited.invitation()));
        };
    }

    /** Ends every session of the member and revokes their access token. */
    @DeleteMapping("/{userId}/sessions")
    ResponseEntity<Void> signOutEverywhere(@PathVariable long accountId, @PathVariable long userId,
                                           @AuthenticationPrincipal CurrentUser user) {
        accounts.signOutEverywhere(accountId, user, userId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{userId}")
    AccountViews.AgentView show(@PathVariable long accountId, @PathVariable long userId,
                                @AuthenticationPrincipal CurrentUser user) {
        return AccountViews.AgentView.of(agents.get(accountId, user, userId));
    }

    @PatchMapping("/{userId}")
    AccountViews.AgentView update(@PathVariable long accountId, @PathVariable long userId,
                                  @AuthenticationPrincipal CurrentUser user, @RequestBody AgentService.AgentChange body) {
        return AccountViews.AgentView.of(agents.update(accountId, user, userId, body));
    }

    @DeleteMapping("/{userId}")
    ResponseEntity<Void> remove(@PathVariable long accountId, @PathVariable long userId,
                                @AuthenticationPrincipal CurrentUser user) {
        agents.remove(accountId, user, userId);
        return ResponseEntity.ok().build();
    }
}
