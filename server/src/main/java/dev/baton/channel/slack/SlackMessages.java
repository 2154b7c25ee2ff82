package dev.baton.channel.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The Block Kit messages the bridge posts (docs/slack.md#messages). */
final class SlackMessages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlackMessages() {
    }

    /** The request: who and what (the visitor's inputs as fields), then Accept and Decline. */
    static String request(String headline, Map<String, String> fields, long handoffId) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", headline)));
        List<Object> shown = new ArrayList<>();
        fields.forEach((k, v) -> {
            if (shown.size() < 10) {
                shown.add(Map.of("type", "mrkdwn", "text", "*" + k + "*\n" + cut(v, 1900)));
            }
        });
        if (!shown.isEmpty()) {
            blocks.add(Map.of("type", "section", "fields", shown));
        }
        blocks.add(Map.of("type", "actions", "block_id", "lc", "elements", List.of(
                button("Accept", SlackBridge.ACCEPT, handoffId, "primary"),
                button("Decline", SlackBridge.DECLINE, handoffId, "danger"))));
        return JSON.writeValueAsString(blocks);
    }

    /** A message without buttons (an answered request). */
    static String textOnly(String text) {
        return JSON.writeValueAsString(List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(text, 2900)))));
    }

    /** The context in a conversation's channel, with End chat and Back to the bot. */
    static String context(String text, long conversationId) {
        return JSON.writeValueAsString(List.of(
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(text, 2900))),
                Map.of("type", "actions", "block_id", "lc_end", "elements",
                        List.of(button("End chat", SlackBridge.END, conversationId, "danger"),
                                button("Back to the bot", SlackBridge.BOT, conversationId, null)))));
    }

    private static Map<String, Object> button(String label, String actionId, long value, String style) {
        Map<String, Object> b = new java.util.LinkedHashMap<>(Map.of("type", "button", "text", Map.of("type", "plain_text",
                "text", label), "action_id", actionId, "value", String.valueOf(value)));
        if (style != null) {
            b.put("style", style); // Slack knows primary and danger; a plain button has none
        }
        return b;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
