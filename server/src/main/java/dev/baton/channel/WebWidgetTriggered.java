package dev.baton.channel;

import java.util.Map;
import java.util.UUID;

/**
 * A visitor opened the chat window of a web widget (Chatwoot's {@code webwidget.triggered}). {@code eventInfo}
 * holds what the widget and the request tell: {@code referer_url}, {@code initiated_at}, {@code widget_language},
 * {@code browser_language}. {@code id} makes each opening unique for durable reactions.
 */
public record WebWidgetTriggered(UUID id, long accountId, long inboxId, long contactInboxId, long contactId,
                                 Map<String, Object> eventInfo) {
}
