package dev.baton.conversation;

import java.time.Instant;
import java.util.Map;

/** A message of a conversation; {@code seq} orders it among the conversation's events. */
public record Message(long id, long accountId, long conversationId, long seq, MessageType type, boolean isPrivate,
                      String content, String contentType, Map<String, Object> contentAttributes, SenderType senderType,
                      Long senderId, String echoId, String sourceId, Instant createdAt) {

    /** This message as the row it was inserted as. */
    Message withId(long newId) {
        return new Message(newId, accountId, conversationId, seq, type, isPrivate, content, contentType, contentAttributes,
                senderType, senderId, echoId, sourceId, createdAt);
    }
}
