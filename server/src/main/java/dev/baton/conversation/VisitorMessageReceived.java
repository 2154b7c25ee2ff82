package dev.baton.conversation;

import java.util.Map;

/** A visitor wrote (published in the transaction; bots react after commit). */
public record VisitorMessageReceived(long accountId, long conversationId, long inboxId, long messageId, String content,
                                     Map<String, Object> contentAttributes) {
}
