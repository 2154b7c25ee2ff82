package dev.baton.conversation;

import java.util.Locale;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/** Activity messages ("Assigned to Anna by Ben") in the account's language. */
@Component
class ActivityText {

    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    ActivityText() {
        messages.setBasename("i18n/activity");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
    }

    String render(String locale, String key, Object... args) {
        return messages.getMessage("activity." + key, args, Locale.forLanguageTag(locale == null ? "en" : locale));
    }
}
