package dev.baton.conversation;

import java.util.Map;

/** A message as a client sends it. {@code echoId} makes a retried send idempotent. */
public record MessageDraft(String content, String messageType, Boolean isPrivate, String contentType,
                           Map<String, Object> contentAttributes, String echoId) {
}
