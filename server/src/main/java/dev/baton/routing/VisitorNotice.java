package dev.baton.routing;

/** Something for a visitor's sockets about their conversation (their place in the queue). */
public record VisitorNotice(long accountId, long conversationId, long contactInboxId, String type, Object data) {
}
