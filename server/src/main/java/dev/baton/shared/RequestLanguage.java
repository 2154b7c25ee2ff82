package dev.baton.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language a request is answered in (the {@code detail} of its problems): the best of {@code Accept-Language}
 * among the languages Baton speaks, English without a header or for any other language; a regional tag counts for its
 * language ({@code de-CH} is German). Spring MVC resolves it for every request as its {@code localeResolver}
 * ({@code LocaleContextHolder} in handlers); filters and the container, which run before, ask {@link #of}.
 */
@Configuration(proxyBeanMethods = false)
public class RequestLanguage {

    /** The languages of the agent app, the widget and the message bundles. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.ITALIAN);

    private static final AcceptHeaderLocaleResolver RESOLVER = new AcceptHeaderLocaleResolver();

    static {
        RESOLVER.setSupportedLocales(SUPPORTED);
        RESOLVER.setDefaultLocale(Locale.ENGLISH);
    }

    @Bean
    LocaleResolver localeResolver() {
        return RESOLVER;
    }

    /** The request's language, one of {@link #SUPPORTED}. */
    public static Locale of(HttpServletRequest request) {
        Locale locale = RESOLVER.resolveLocale(request);
        return SUPPORTED.contains(locale) ? locale : Locale.ENGLISH;
    }
}
