package dev.baton.conversation;

/** A reply an agent inserts by its short code ({@code /hello}); Chatwoot's shape. */
public record CannedResponse(long id, long accountId, String shortCode, String content) {
}
