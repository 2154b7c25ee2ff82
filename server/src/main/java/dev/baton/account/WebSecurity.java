package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Agents: session cookie (CSRF-protected, for the web app) or the personal
 * {@code api_access_token} header (no CSRF: it is not sent by browsers on their own). Visitors: the
 * public Client API authenticates by its own tokens in {@code channel}.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    static final String TOKEN_HEADER = "api_access_token";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring Security's observations are not among Baton's meters (docs/operations.md): without this, a decorator
     * wrapped every filter of the chain in an observation and a virtual chain on every request, even with the
     * observations themselves switched off (docs/adr/0065).
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new SessionUnlessToken(new HttpSessionSecurityContextRepository());
    }

    /**
     * Sessions for the web app's sign-in only. A request with an access token is authenticated by the token alone:
     * saved in a session (which the session-management filter did for every such request), each API call wrote a
     * session row and committed it, and a client without cookies left one new session per call (docs/adr/0057).
     */
    static final class SessionUnlessToken implements SecurityContextRepository {

        private final SecurityContextRepository sessions;

        SessionUnlessToken(SecurityContextRepository sessions) {
            this.sessions = sessions;
        }

        @Override
        @SuppressWarnings("deprecation")
        public org.springframework.security.core.context.SecurityContext loadContext(
                org.springframework.security.web.context.HttpRequestResponseHolder holder) {
            return sessions.loadContext(holder);
        }

        @Override
        public org.springframework.security.core.context.DeferredSecurityContext loadDeferredContext(
                jakarta.servlet.http.HttpServletRequest request) {
            return sessions.loadDeferredContext(request);
        }

        @Override
        public void saveContext(org.springframework.security.core.context.SecurityContext context,
                                jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
            if (AccessTokenFilter.token(request) == null) {
                sessions.saveContext(context, request, response);
            }
        }

        /** A token request's context is its token's: nothing to keep, so the session filter keeps nothing. */
        @Override
        public boolean containsContext(jakarta.servlet.http.HttpServletRequest request) {
            return AccessTokenFilter.token(request) != null || sessions.containsContext(request);
        }
    }

    /**
     * Requests that a browser's cookies do not authenticate: an agent's or a bot's {@code api_access_token}, and the
     * public Client API (its inbox identifier and the visitor's {@code source_id}). Such a request needs neither a
     * session nor CSRF protection (a browser does not add the token header by itself, and {@code /public/**} trusts
     * no cookie), so it gets neither: before this chain each one loaded a session, made a new CSRF token and wrote it
     * in a {@code Set-Cookie} that no such client sends back (docs/adr/0065).
     */
    static final RequestMatcher STATELESS = request -> request.getRequestURI().startsWith("/public/")
            || AccessTokenFilter.token(request) != null;

    /** The stateless requests' chain: the same rules, no session, no CSRF token, no cookie (docs/adr/0065). */
    @Bean
    @Order(1)
    SecurityFilterChain statelessSecurity(HttpSecurity http, AccessTokenFilter tokens, JsonMapper json) throws Exception {
        http
                .securityMatcher(STATELESS)
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return rules(http, tokens, json).build();
    }

    /** The browser's chain: the session of the web app's sign-in, with CSRF protection on every unsafe request. */
    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, AccessTokenFilter tokens, JsonMapper json,
                                    SecurityContextRepository contexts) throws Exception {
        http
                .securityContext(c -> c.securityContextRepository(contexts))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                // Token and /public/** requests never get here (statelessSecurity).
                // The invitation's secret token in the path is what a forged request could not know.
                .csrf(csrf -> csrf.spa().ignoringRequestMatchers("/auth/sign_in", "/auth/invitations/**", "/slack/**"));
        return rules(http, tokens, json).build();
    }

    /** What both chains enforce alike: who may call what, the token filter, the pages' headers, the error bodies. */
    private static HttpSecurity rules(HttpSecurity http, AccessTokenFilter tokens, JsonMapper json) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/auth/sign_in", "/auth/sign_out", "/auth/invitations/**").permitAll()
                        .requestMatchers("/public/**").permitAll()
                        .requestMatchers("/api/**", "/ws").authenticated()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // Metrics tell business volumes: a scraper sends a user's api_access_token.
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").authenticated()
                        .requestMatchers("/actuator/**").denyAll()
                        .anyRequest().permitAll())
                .addFilterBefore(tokens, AnonymousAuthenticationFilter.class)
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                .headers(h -> h.frameOptions(f -> f.sameOrigin())
                        .addHeaderWriter(pageHeaders(request -> request.getRequestURI().startsWith("/app/"), WORKSPACE_POLICY))
                        .addHeaderWriter(pageHeaders(request -> request.getRequestURI().equals("/demo"), DEMO_POLICY)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> ProblemResponses.write(request, response, json,
                                new BatonException(ErrorCode.UNAUTHORIZED)))
                        .accessDeniedHandler((request, response, ex) -> {
                            // CSRF runs before authorization: a caller with no credentials at all is told to sign in.
                            if (!signedIn()) {
                                ProblemResponses.write(request, response, json, new BatonException(ErrorCode.UNAUTHORIZED));
                                return;
                            }
                            ProblemResponses.write(request, response, json, new BatonException(ErrorCode.CSRF_OR_ACCESS_DENIED));
                        }));
    }

    /**
     * The workspace runs only its own scripts and talks only to its own server; images may come from anywhere over
     * HTTPS (avatars) and from the page itself (previews). No page may frame it but its own.
     */
    static final String WORKSPACE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob: https:; connect-src 'self'; font-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    /** The demo page: the widget's own script, and the inline styles of the page and of the widget's shadow root. */
    static final String DEMO_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'self'";

    /** Content-Security-Policy and Referrer-Policy (links opened from a page tell other sites nothing of it). */
    private static HeaderWriter pageHeaders(RequestMatcher pages, String policy) {
        return new DelegatingRequestMatcherHeaderWriter(pages, (request, response) -> {
            response.setHeader("Content-Security-Policy", policy);
            response.setHeader("Referrer-Policy", "same-origin");
        });
    }

    private static boolean signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
