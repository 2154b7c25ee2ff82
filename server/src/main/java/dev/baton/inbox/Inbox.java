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
     * agents' list, and where the no-agent e-mail goes. {@code agentBotId}: the external agent bot the inbox hands
     * its conversations to instead of a story (Chatwoot's {@code set_agent_bot}); never both.
     */
    public record Automation(Long storyId, Long teamId, List<String> handoverKeywords, String pseudonymTemplate,
                             String noAgentEmail, Long agentBotId) {
        public static final Automation NONE = new Automation(null, null, List.of(), null, null, null);

        /** The words that ask for a person when an inbox names none (stories.md#handover-keywords). */
        public static final List<String> DEFAULT_KEYWORDS = List.of("agent", "human", "person", "mitarbeiter", "mensch",
                "conseiller", "humain", "operatore");

        public Automation(Long storyId, Long teamId, List<String> handoverKeywords, String pseudonymTemplate,
                          String noAgentEmail) {
            this(storyId, teamId, handoverKeywords, pseudonymTemplate, noAgentEmail, null);
        }

        /** The handover keywords in effect: the inbox's, or the defaults. */
        public List<String> keywordsInEffect() {
            return handoverKeywords == null || handoverKeywords.isEmpty() ? DEFAULT_KEYWORDS : handoverKeywords;
        }

        /** Whether the visitor's text asks for a person: a keyword in effect, as a whole word, in any case. */
        public boolean asksForPerson(String text) {
            if (text == null) {
                return false;
            }
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            return keywordsInEffect().stream().anyMatch(k -> java.util.regex.Pattern.compile("(^|[^\\p{L}\\p{N}])"
                    + java.util.regex.Pattern.quote(k) + "($|[^\\p{L}\\p{N}])").matcher(lower).find());
        }

        /** A built-in story or an external bot answers first. */
        public boolean hasBot() {
            return storyId != null || agentBotId != null;
        }
    }

    /** Browsers may call the public API from these origins; an empty list allows any origin. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin.toLowerCase(java.util.Locale.ROOT)));
    }
}
