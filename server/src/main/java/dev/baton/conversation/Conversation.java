package dev.baton.conversation;

import java.time.Instant;
import java.util.Map;

/** One conversation's state. Changes go through {@link ConversationService} only. */
public record Conversation(long id, String uuid, long accountId, long inboxId, long contactId, long contactInboxId,
                           Status status, Owner owner, Long assigneeId, Long teamId, Instant snoozedUntil,
                           long lastSeq, Long lastMessageId, int unreadCount, Map<String, Object> additionalAttributes,
                           Map<String, Object> customAttributes, Instant contactLastSeenAt, Instant agentLastSeenAt,
                           Instant firstReplyAt, Instant lastActivityAt, Instant createdAt, Instant updatedAt) {

    public String chatwootStatus() {
        return Status.chatwootStatus(status, owner);
    }

    Conversation withOwnership(Status newStatus, Owner newOwner, Long newAssignee, Long newTeam, Instant newSnoozedUntil) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, newStatus, newOwner, newAssignee,
                newTeam, newSnoozedUntil, lastSeq, lastMessageId, unreadCount, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, updatedAt);
    }

    Conversation withSeq(long seq) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, snoozedUntil, seq, lastMessageId, unreadCount, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, updatedAt);
    }

    Conversation withActivity(Long newLastMessageId, int newUnread, Instant newFirstReply, Instant at) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, snoozedUntil, lastSeq, newLastMessageId, newUnread, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, newFirstReply, at, createdAt, at);
    }

    Conversation withSeen(Instant newContactSeen, Instant newAgentSeen, int newUnread) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, snoozedUntil, lastSeq, lastMessageId, newUnread, additionalAttributes, customAttributes,
                newContactSeen, newAgentSeen, firstReplyAt, lastActivityAt, createdAt, updatedAt);
    }

    Conversation touched(Instant at) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, snoozedUntil, lastSeq, lastMessageId, unreadCount, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, at);
    }
}
