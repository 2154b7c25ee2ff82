package dev.baton.conversation;

import java.time.Instant;
import java.util.Map;

/** One conversation's state. Changes go through {@link ConversationService} only. */
public record Conversation(long id, String uuid, long accountId, long inboxId, long contactId, long contactInboxId,
                           Status status, Owner owner, Long assigneeId, Long teamId, boolean handoffOpen, long stateVersion,
                           Instant snoozedUntil,
                           long lastSeq, Long lastMessageId, int unreadCount, Map<String, Object> additionalAttributes,
                           Map<String, Object> customAttributes, Instant contactLastSeenAt, Instant agentLastSeenAt,
                           Instant firstReplyAt, Instant lastActivityAt, Instant createdAt, Instant updatedAt,
                           String priority) {

    /** The page the visitor is on, as the widget reports it (for page rules and the agents' context). */
    public String pageUrl() {
        Object page = additionalAttributes.getOrDefault("referer", customAttributes.get("page_url"));
        if (page == null || page.toString().isBlank()) {
            return null;
        }
        String url = page.toString().strip();
        return url.length() > 2000 ? url.substring(0, 2000) : url;
    }

    /**
     * The language the conversation started in (the widget's, ADR 0054): {@code additional_attributes.widget_language},
     * or null when the client told none.
     */
    public String language() {
        Object language = additionalAttributes.get(LANGUAGE);
        return language == null ? null : language.toString();
    }

    /** Where {@link #language()} is kept. */
    static final String LANGUAGE = "widget_language";

    /** Chatwoot's priority: {@code low}, {@code medium}, {@code high}, {@code urgent}, or null (none). */
    Conversation withPriority(String newPriority, Instant now) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId, teamId,
                handoffOpen, stateVersion, snoozedUntil, lastSeq, lastMessageId, unreadCount, additionalAttributes,
                customAttributes, contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, now,
                newPriority);
    }

    public String chatwootStatus() {
        return Status.chatwootStatus(status, owner);
    }

    Conversation withState(Status newStatus, Owner newOwner, Long newAssignee, Long newTeam, boolean newHandoffOpen,
                           Instant newSnoozedUntil) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, newStatus, newOwner, newAssignee,
                newTeam, newHandoffOpen, stateVersion + 1, newSnoozedUntil, lastSeq, lastMessageId, unreadCount, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, updatedAt, priority);
    }

    Conversation withSeq(long seq) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, handoffOpen, stateVersion, snoozedUntil, seq, lastMessageId, unreadCount, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, updatedAt, priority);
    }

    Conversation withActivity(Long newLastMessageId, int newUnread, Instant newFirstReply, Instant at) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, handoffOpen, stateVersion, snoozedUntil, lastSeq, newLastMessageId, newUnread, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, newFirstReply, at, createdAt, at, priority);
    }

    Conversation withSeen(Instant newContactSeen, Instant newAgentSeen, int newUnread) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, handoffOpen, stateVersion, snoozedUntil, lastSeq, lastMessageId, newUnread, additionalAttributes, customAttributes,
                newContactSeen, newAgentSeen, firstReplyAt, lastActivityAt, createdAt, updatedAt, priority);
    }

    Conversation touched(Instant at) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, handoffOpen, stateVersion, snoozedUntil, lastSeq, lastMessageId, unreadCount, additionalAttributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, at, priority);
    }

    Conversation withCustomAttributes(Map<String, Object> attributes, Instant at) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, handoffOpen, stateVersion, snoozedUntil, lastSeq, lastMessageId, unreadCount, additionalAttributes, attributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, at, priority);
    }

    Conversation withAdditionalAttributes(Map<String, Object> attributes, Instant at) {
        return new Conversation(id, uuid, accountId, inboxId, contactId, contactInboxId, status, owner, assigneeId,
                teamId, handoffOpen, stateVersion, snoozedUntil, lastSeq, lastMessageId, unreadCount, attributes, customAttributes,
                contactLastSeenAt, agentLastSeenAt, firstReplyAt, lastActivityAt, createdAt, at, priority);
    }
}
