package dev.baton.account;

import dev.baton.shared.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Authenticates a request that carries the personal {@code api_access_token} header. */
@Component
class AccessTokenFilter extends OncePerRequestFilter {

    private final AccountService accounts;
    private final JsonMapper json;

    AccessTokenFilter(AccountService accounts, JsonMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(WebSecurity.TOKEN_HEADER);
        if (token != null) {
            Optional<CurrentUser> user = accounts.userByAccessToken(token.trim());
            if (user.isEmpty()) {
                ProblemResponses.write(response, json, HttpStatus.UNAUTHORIZED, "invalid_access_token",
                        "The api_access_token is not valid");
                return;
            }
            var auth = UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                    List.of(new SimpleGrantedAuthority("ROLE_USER")));
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(auth);
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** Registered only inside the security chain, not as a second servlet filter. */
    @org.springframework.context.annotation.Bean
    static org.springframework.boot.web.servlet.FilterRegistrationBean<AccessTokenFilter> accessTokenFilterRegistration(
            AccessTokenFilter filter) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
