package dev.baton.account;

import dev.baton.shared.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
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

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AccessTokenFilter tokens, JsonMapper json,
                                    SecurityContextRepository contexts) throws Exception {
        RequestMatcher tokenRequests = request -> request.getHeader(TOKEN_HEADER) != null;
        http
                .securityContext(c -> c.securityContextRepository(contexts))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .csrf(csrf -> csrf.spa().ignoringRequestMatchers(tokenRequests)
                        .ignoringRequestMatchers("/auth/sign_in", "/public/**"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/auth/sign_in", "/auth/sign_out").permitAll()
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
                .headers(h -> h.frameOptions(f -> f.sameOrigin()))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> ProblemResponses.write(response, json,
                                HttpStatus.UNAUTHORIZED, "unauthorized", "Sign in or send a valid api_access_token"))
                        .accessDeniedHandler((request, response, ex) -> {
                            // CSRF runs before authorization: a caller with no credentials at all is told to sign in.
                            if (!signedIn()) {
                                ProblemResponses.write(response, json, HttpStatus.UNAUTHORIZED, "unauthorized",
                                        "Sign in or send a valid api_access_token");
                                return;
                            }
                            ProblemResponses.write(response, json, HttpStatus.FORBIDDEN, "csrf_or_access_denied",
                                    "Access denied: a signed-in browser must send the X-XSRF-TOKEN header");
                        }));
        return http.build();
    }

    private static boolean signedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken);
    }
}
