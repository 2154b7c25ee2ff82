package dev.baton.bench.floor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Floor (c)'s security: the chain Baton gives its public API (account.WebSecurity's statelessSecurity and its
 * rules), less Baton's own token filter and page headers. Only where Spring Security is on the classpath.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.security.web.SecurityFilterChain")
class PublicApiSecurity {

  @Bean
  SecurityFilterChain statelessSecurity(HttpSecurity http) throws Exception {
    return http
        .securityMatcher(request -> request.getRequestURI().startsWith("/public/"))
        .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .authorizeHttpRequests(auth -> auth.requestMatchers("/public/**").permitAll().anyRequest().permitAll())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        .headers(h -> h.frameOptions(f -> f.sameOrigin()))
        .build();
  }
}
