package dev.baton.conversation;

import dev.baton.contact.ContactView;
import java.util.List;
import java.util.Map;

/** Wire shapes of conversations and messages (Chatwoot's, plus {@code owner}, {@code seq}, {@code echo_id}). */
public final class Views {

    private Views() {
    }

    /** Pictures are {@code ""} when there is none, as Chatwoot sends them (never null). */
    public record SenderView(long id, String name, String availableName, String avatarUrl, String thumbnail, String type) {
        public SenderView {
            avatarUrl = avatarUrl == null ? "" : avatarUrl;
            thumbnail = thumbnail == null ? "" : thumbnail;
        }
    }

    public record MessageView(long id, String content, long accountId, long inboxId, long conversationId,
                              int messageType, String contentType, Map<String, Object> contentAttributes,
                              @com.fasterxml.jackson.annotation.JsonProperty("private") boolean isPrivate,
                              long createdAt, String senderType, Long senderId, SenderView sender,
                              String sourceId, String echoId, long seq, String status, List<AttachmentView> attachments) {
    }

    /** Chatwoot's attachment shape; {@code thumb_url} is the image itself (no thumbnails are made). */
    public record AttachmentView(long id, long messageId, String fileType, String dataUrl, String thumbUrl, long fileSize,
                                 String contentType) {
    }

    public record PublicMessageView(long id, String content, int messageType, String contentType,
                                    Map<String, Object> contentAttributes, long createdAt, long conversationId,
                                    SenderView sender, String echoId, long seq, List<AttachmentView> attachments) {
    }

    public record AssigneeView(long id, String name, String availableName, String avatarUrl, String thumbnail,
                               String email, String role) {
        public AssigneeView {
            avatarUrl = avatarUrl == null ? "" : avatarUrl;
            thumbnail = thumbnail == null ? "" : thumbnail;
        }
    }

    /** Chatwoot leaves {@code assignee} out when there is none. */
    public record ConversationMeta(ContactView sender,
                                   @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                                   AssigneeView assignee, Object team, String channel, boolean hmacVerified) {
    }

    /**
     * {@code waiting_since}: when the visitor's oldest unanswered message arrived (null once answered);
     * {@code visitor_online}: the visitor's widget is open on some node (docs/realtime.md#visitor-presence).
     */
    public record ConversationView(long id, long accountId, long inboxId, String uuid, String status, String owner,
                                   Long assigneeId, Long teamId, String displayName, ConversationMeta meta, List<String> labels,
                                   List<MessageView> messages, int unreadCount, long lastActivityAt, long createdAt,
                                   long timestamp, long updatedAt, Long snoozedUntil, Long contactLastSeenAt,
                                   Long agentLastSeenAt, Long firstReplyCreatedAt, Map<String, Object> additionalAttributes,
                                   Map<String, Object> customAttributes, String priority, long lastSeq, long stateVersion, boolean canReply,
                                   List<ParticipantView> participants, Long waitingSince, boolean visitorOnline,
                                   @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                                   List<String> allowedActions) {

        /** Never seen is {@code 0}, as Chatwoot sends it ({@code .to_i} of nothing), not null. */
        public ConversationView {
            contactLastSeenAt = contactLastSeenAt == null ? 0L : contactLastSeenAt;
            agentLastSeenAt = agentLastSeenAt == null ? 0L : agentLastSeenAt;
        }
    }

    /** A second agent who joined the conversation (conference), in the order they joined. */
    public record ParticipantView(long id, String name, String availableName, String avatarUrl) {
    }

    public record PublicContactView(long id, String name, String email, String phoneNumber) {
    }

    public record PublicConversationView(long id, String uuid, long inboxId, String status, String owner,
                                         Long contactLastSeenAt, Long agentLastSeenAt, List<PublicMessageView> messages,
                                         PublicContactView contact, AgentCard agent, long lastSeq) {

        /** Never seen is {@code 0}, as Chatwoot sends it. */
        public PublicConversationView {
            contactLastSeenAt = contactLastSeenAt == null ? 0L : contactLastSeenAt;
            agentLastSeenAt = agentLastSeenAt == null ? 0L : agentLastSeenAt;
        }
    }

    /** The agent a visitor sees: their display name and avatar, never their e-mail. */
    public record AgentCard(long id, String name, String avatarUrl) {
    }
}
