package dev.baton.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Invitations: the account's administrators list, send again and revoke them; the link's holder accepts. */
@RestController
class InvitationController {

    record Acceptance(String name, String password) {
    }

    private final InvitationService invitations;
    private final AccountService accounts;
    private final SessionSignIn sessions;

    InvitationController(InvitationService invitations, AccountService accounts, SessionSignIn sessions) {
        this.invitations = invitations;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    /** Pending invitations, 100 a page, oldest first; {@code after}: the last id of the previous page. */
    @GetMapping("/api/v1/accounts/{accountId}/invitations")
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false, defaultValue = "0") long after) {
        return Map.of("payload", invitations.pending(accountId, user, after, 100).stream()
                .map(AccountViews.InvitationView::of).toList());
    }

    @PostMapping("/api/v1/accounts/{accountId}/invitations/{invitationId}/resend")
    AccountViews.InvitationView resend(@PathVariable long accountId, @PathVariable long invitationId,
                                       @AuthenticationPrincipal CurrentUser user) {
        return AccountViews.InvitationView.of(invitations.resend(accountId, user, invitationId));
    }

    @DeleteMapping("/api/v1/accounts/{accountId}/invitations/{invitationId}")
    ResponseEntity<Void> revoke(@PathVariable long accountId, @PathVariable long invitationId,
                                @AuthenticationPrincipal CurrentUser user) {
        invitations.revoke(accountId, user, invitationId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/auth/invitations/{token}")
    AccountViews.InvitationPreviewView preview(@PathVariable String token) {
        return AccountViews.InvitationPreviewView.of(invitations.preview(token));
    }

    /** Accepts, signed in as the invitee or with their password (or a new one, to sign up); opens their session. */
    @PostMapping("/auth/invitations/{token}/accept")
    Map<String, Object> accept(@PathVariable String token, @RequestBody(required = false) Acceptance body,
                               HttpServletRequest request, HttpServletResponse response) {
        Acceptance a = body == null ? new Acceptance(null, null) : body;
        CurrentUser member = invitations.accept(token, signedIn(), a.name(), a.password(), request.getRemoteAddr());
        sessions.open(member, request, response);
        return Map.of("data", AccountViews.ProfileView.of(accounts.profile(member.id())));
    }

    private static CurrentUser signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof CurrentUser user ? user : null;
    }
}
