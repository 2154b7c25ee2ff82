package dev.baton.channel;

import dev.baton.contact.ContactInbox;
import dev.baton.inbox.Inbox;
import dev.baton.shared.BatonException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signals a widget sends about the visitor (Chatwoot's widget events). The only one is
 * {@code webwidget.triggered}: the visitor opened the chat window. Published in a transaction of its own so
 * that reactions to it (webhooks) are durable.
 */
@Component
class WidgetEvents {

    static final String TRIGGERED = "webwidget.triggered";
    private static final int MAX_TEXT = 1000;

    private final ApplicationEventPublisher events;

    WidgetEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Transactional
    void record(Inbox inbox, ContactInbox visitor, String name, Map<String, Object> eventInfo, String acceptLanguage) {
        if (!TRIGGERED.equals(name)) {
            throw BatonException.invalid("name", "inclusion", "name must be " + TRIGGERED);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        Map<String, Object> given = eventInfo == null ? Map.of() : eventInfo;
        text(given.get("referer_url")).ifPresent(v -> info.put("referer_url", v));
        if (given.get("initiated_at") instanceof Map<?, ?> initiated) {
            text(initiated.get("timestamp")).ifPresent(v -> info.put("initiated_at", Map.of("timestamp", v)));
        }
        text(given.get("widget_language")).map(v -> v.length() > 20 ? v.substring(0, 20) : v)
                .ifPresent(v -> info.put("widget_language", v));
        info.put("browser_language", browserLanguage(acceptLanguage));
        events.publishEvent(new WebWidgetTriggered(UUID.randomUUID(), inbox.accountId(), inbox.id(), visitor.id(),
                visitor.contactId(), info));
    }

    private static java.util.Optional<String> text(Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return java.util.Optional.empty();
        }
        String clean = s.strip();
        if (clean.chars().anyMatch(Character::isISOControl)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) : clean);
    }

    /** The first language of Accept-Language ("de-CH,de;q=0.9" is "de-CH"), as Chatwoot reports it; null without one. */
    static String browserLanguage(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String first = header.split(",")[0].split(";")[0].strip();
        if (!first.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*") || first.length() > 35) {
            return null;
        }
        return first;
    }
}
