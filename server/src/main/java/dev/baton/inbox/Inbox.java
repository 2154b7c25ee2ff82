package dev.baton.inbox;

import java.time.Instant;
import java.util.List;

/**
 * A site or channel conversations arrive in. {@code identifier} is the public token that names it:
 * the {@code website_token} of a web widget, the {@code inbox_identifier} of an API channel.
 */
public record Inbox(long id, long accountId, String name, ChannelType channelType, String identifier,
                    String websiteUrl, String webhookUrl, String widgetColor, String welcomeTitle,
                    String welcomeTagline, String greetingMessage, String locale, List<String> allowedOrigins,
                    String hmacToken, boolean hmacMandatory, Instant createdAt) {

    /** Browsers may call the public API from these origins; an empty list allows any origin. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT)));
    }
}
