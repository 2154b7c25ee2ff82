package dev.baton.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's {@code /auth/sign_in}: answers the user with its token and opens a session. */
@RestController
class AuthController {

    record SignIn(String email, String password) {
    }

    private final AccountService accounts;
    private final SignInThrottle throttle;
    private final SecurityContextRepository contexts;

    AuthController(AccountService accounts, SignInThrottle throttle, SecurityContextRepository contexts) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.contexts = contexts;
    }

    @PostMapping("/auth/sign_in")
    Map<String, Object> signIn(@RequestBody SignIn body, HttpServletRequest request, HttpServletResponse response) {
        String address = request.getRemoteAddr();
        throttle.checkAllowed(body.email(), address);
        CurrentUser user = accounts.authenticate(body.email(), body.password()).orElseGet(() -> {
            throttle.recordFailure(body.email(), address);
            throw dev.baton.shared.BatonException.unauthorized("invalid_credentials", "Invalid e-mail or password");
        });
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId(); // no session fixation
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority("ROLE_USER"))));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
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
