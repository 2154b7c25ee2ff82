package dev.baton.shared;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.UrlHandlerFilter;

/**
 * Rails routes {@code /conversations/} as {@code /conversations}, and Chatwoot clients that join a base URL with
 * a path send both. On the API paths the trailing slash is dropped before anything else looks at the path (the
 * security rules included), so both spellings are one endpoint.
 */
@Configuration(proxyBeanMethods = false)
class TrailingSlashes {

    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlashFilter() {
        UrlHandlerFilter filter = UrlHandlerFilter.trailingSlashHandler("/api/**", "/public/**", "/auth/**").wrapRequest()
                .build();
        FilterRegistrationBean<UrlHandlerFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 9);
        return registration;
    }
}
