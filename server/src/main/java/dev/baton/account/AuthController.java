package dev.baton.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's {@code /auth/sign_in}: answers the user and opens a session. Unlike Chatwoot it does not answer the
 * access token, which is stored only as a hash (ADR 0020): {@code POST /api/v1/profile/reset_access_token} makes one.
 */
@RestController
class AuthController {

    record SignIn(String email, String password) {
    }

    private final AccountService accounts;
    private final SessionSignIn sessions;

    AuthController(AccountService accounts, SessionSignIn sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @PostMapping("/auth/sign_in")
    Map<String, Object> signIn(@RequestBody SignIn body, HttpServletRequest request, HttpServletResponse response) {
        CurrentUser user = accounts.signIn(body.email(), body.password(), request.getRemoteAddr());
        sessions.open(user, request, response);
        return Map.of("data", AccountViews.ProfileView.of(accounts.profile(user.id())));
    }

    @DeleteMapping("/auth/sign_out")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }
}
