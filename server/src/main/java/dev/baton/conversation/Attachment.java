package dev.baton.conversation;

import java.time.Instant;

/** An image of a message; its bytes are stored under {@code ${baton.data-dir}/uploads/<storageKey>}. */
record Attachment(long id, long accountId, long conversationId, long messageId, String fileType, String contentType,
                  long byteSize, String storageKey, String accessToken, Instant createdAt) {
}
