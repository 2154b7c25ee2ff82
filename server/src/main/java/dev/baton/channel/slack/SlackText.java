package dev.baton.channel.slack;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text between Baton and Slack's mrkdwn (docs/slack.md#relay). */
final class SlackText {

    private static final Pattern SPECIAL = Pattern.compile("<([^<>]*)>");

    private SlackText() {
    }

    /**
     * A visitor's text for Slack: {@code &}, {@code <} and {@code >} escaped, as Slack asks, so that a visitor
     * cannot mention {@code @channel}, users or fake links.
     */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * A Slack message for the visitor: user mentions as {@code @name} (through {@code names}), channels as
     * {@code #name}, links as {@code label (url)} or the url, {@code <!here>} as {@code @here}; entities unescaped.
     */
    static String readable(String mrkdwn, Function<String, String> names) {
        if (mrkdwn == null) {
            return "";
        }
        Matcher m = SPECIAL.matcher(mrkdwn);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String inner = m.group(1);
            int bar = inner.indexOf('|');
            String target = bar < 0 ? inner : inner.substring(0, bar);
            String label = bar < 0 ? null : inner.substring(bar + 1);
            String readable;
            if (target.startsWith("@")) {
                readable = "@" + (label != null ? label : names.apply(target.substring(1)));
            } else if (target.startsWith("#")) {
                readable = "#" + (label != null ? label : target.substring(1));
            } else if (target.startsWith("!")) {
                String word = target.substring(1);
                readable = label != null ? label : "@" + (word.startsWith("subteam^") ? "group" : word);
            } else {
                readable = label == null || label.equals(target) ? target : label + " (" + target + ")";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(readable));
        }
        m.appendTail(out);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A channel name Slack accepts: lowercase letters, digits, - and _, at most 80 characters. */
    static String channelName(String visitorName, String suffix) {
        String slug = visitorName == null ? "" : java.text.Normalizer.normalize(visitorName, java.text.Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            slug = "visitor";
        }
        String prefix = "chat-";
        int room = 80 - prefix.length() - 1 - suffix.length();
        if (slug.length() > room) {
            slug = slug.substring(0, room).replaceAll("-+$", "");
        }
        return prefix + slug + "-" + suffix;
    }
}
