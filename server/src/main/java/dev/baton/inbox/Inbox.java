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
                    String hmacToken, boolean hmacMandatory, Instant createdAt, Automation automation) {

    /**
     * Who answers first and how: the story that runs (none: live chat only), the team that takes the
     * conversations of a live-chat-only inbox, the words that ask for a person, the name visitors get in the
     * agents' list, and where the no-agent e-mail goes.
     */
    public record Automation(Long storyId, Long teamId, List<String> handoverKeywords, String pseudonymTemplate,
                             String noAgentEmail) {
        public static final Automation NONE = new Automation(null, null, List.of(), null, null);
    }

    /** Browsers may call the public API from these origins; an empty list allows any origin. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT)));
    }
}
