package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates a request that carries the personal {@code api_access_token} header, in every spelling Chatwoot's
 * Rails server accepts: Rack names a header {@code HTTP_} + its name upper-cased with {@code -} as {@code _}, so
 * {@code api_access_token}, {@code Api-Access-Token} and {@code API-ACCESS-TOKEN} are one header there (and
 * {@code HTTP_API_ACCESS_TOKEN} is how Rails code names it). Proxies such as nginx drop header names with
 * underscores by default, which is why clients send the dashed spelling.
 */
@Component
class AccessTokenFilter extends OncePerRequestFilter {

    private final AccountService accounts;
    private final JsonMapper json;
    private final java.util.List<BotTokens> bots;

    AccessTokenFilter(AccountService accounts, JsonMapper json, java.util.List<BotTokens> bots) {
        this.accounts = accounts;
        this.json = json;
        this.bots = bots;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = token(request);
        if (token != null) {
            Optional<CurrentUser> user = accounts.userByAccessToken(token.trim());
            for (BotTokens lookup : bots) {
                if (user.isEmpty() && !token.isBlank() && token.trim().length() <= 64) {
                    user = lookup.byToken(token.trim());
                }
            }
            if (user.isEmpty()) {
                ProblemResponses.write(request, response, json, new BatonException(ErrorCode.INVALID_ACCESS_TOKEN));
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

    /** The access token the request carries in any spelling of the header, or null. */
    static String token(HttpServletRequest request) {
        String exact = request.getHeader(WebSecurity.TOKEN_HEADER);
        if (exact != null) {
            return exact;
        }
        var names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            if (isTokenHeader(name)) {
                return request.getHeader(name);
            }
        }
        return null;
    }

    /** {@code api_access_token} however Rack would spell it, and Rails' own {@code HTTP_API_ACCESS_TOKEN}. */
    static boolean isTokenHeader(String name) {
        String normal = name.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return normal.equals(WebSecurity.TOKEN_HEADER) || normal.equals("http_" + WebSecurity.TOKEN_HEADER);
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
