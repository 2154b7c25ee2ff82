package dev.baton.conversation;

import dev.baton.shared.BatonException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The page a visitor is on, as the widget tells it when a conversation opens and when the visitor navigates: stored
 * in the conversation's {@code additional_attributes} as {@code referer} (Chatwoot's name for the visitor's page,
 * read by routing's page rules) and {@code referrer_url} (the page before it, when the browser tells it).
 */
public record VisitorPage(String url, String referrer) {

    public static final int MAX_URL = 2000;

    /** A page told by the widget: an absolute http(s) URL of at most 2,000 characters; a bad referrer is dropped. */
    public static VisitorPage of(String url, String referrer) {
        if (url == null || url.isBlank()) {
            throw BatonException.invalid("page_url", "required", "page_url is required");
        }
        String page = url.strip();
        if (page.length() > MAX_URL || !web(page)) {
            throw BatonException.invalid("page_url", "format", "page_url must be an http or https URL of at most " + MAX_URL + " characters");
        }
        String before = referrer == null || referrer.isBlank() ? null : referrer.strip();
        return new VisitorPage(page, before != null && before.length() <= MAX_URL && web(before) ? before : null);
    }

    Map<String, Object> into(Map<String, Object> additionalAttributes) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(additionalAttributes);
        out.put("referer", url);
        if (referrer == null) {
            out.remove("referrer_url");
        } else {
            out.put("referrer_url", referrer);
        }
        return out;
    }

    boolean shownIn(Map<String, Object> additionalAttributes) {
        return url.equals(additionalAttributes.get("referer"))
                && java.util.Objects.equals(referrer, additionalAttributes.get("referrer_url"));
    }

    /** As browsers give {@code location.href}: http(s), a host, no spaces or control characters. */
    private static boolean web(String value) {
        return WEB.matcher(value).matches();
    }

    private static final Pattern WEB = Pattern.compile("(?i)https?://[^\\s/?#@]+(?:[/?#]\\S*)?");
}
