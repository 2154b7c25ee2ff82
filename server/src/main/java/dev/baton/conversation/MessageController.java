package dev.baton.conversation;

import dev.baton.account.CurrentUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's messages of a conversation: 20 per page, older pages with {@code before}. */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/conversations/{conversationId}/messages")
class MessageController {

    record MessageBody(String content, String messageType, @com.fasterxml.jackson.annotation.JsonProperty("private") Boolean isPrivate,
                       String contentType, Map<String, Object> contentAttributes, String echoId, String clientMessageId) {

        MessageDraft draft() {
            return new MessageDraft(content, messageType, isPrivate, contentType, contentAttributes,
                    echoId != null ? echoId : clientMessageId);
        }
    }

    private final ConversationService service;
    private final ConversationQueries queries;
    private final ConversationViews views;
    private final Attachments attachments;

    MessageController(ConversationService service, ConversationQueries queries, ConversationViews views,
                      Attachments attachments) {
        this.service = service;
        this.queries = queries;
        this.views = views;
        this.attachments = attachments;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @PathVariable long conversationId,
                             @AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) Long before,
                             @RequestParam(required = false) Long after) {
        Conversation c = queries.get(accountId, user, conversationId);
        List<Message> messages = queries.messages(accountId, user, conversationId, before, after);
        Views.ConversationView view = views.conversation(c);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("labels", view.labels());
        meta.put("additional_attributes", c.additionalAttributes());
        meta.put("contact", view.meta().sender());
        if (view.meta().assignee() != null) {
            meta.put("assignee", view.meta().assignee()); // Chatwoot leaves it out when there is none
        }
        meta.put("agent_last_seen_at", view.agentLastSeenAt());
        meta.put("last_seq", c.lastSeq());
        return Map.of("meta", meta, "payload", views.messagesOf(c, messages));
    }

    @PostMapping
    ResponseEntity<Views.MessageView> create(@PathVariable long accountId, @PathVariable long conversationId,
                                             @AuthenticationPrincipal CurrentUser user, @RequestBody MessageBody body) {
        Posted posted = service.postAsAgent(accountId, user, conversationId, body.draft());
        Conversation c = queries.get(accountId, user, conversationId);
        return ResponseEntity.status(HttpStatus.OK).body(views.messagesOf(c, List.of(posted.message())).getFirst());
    }

    /** Chatwoot's delete: the message stays, marked deleted. Answer: the message. */
    @DeleteMapping("/{messageId}")
    Views.MessageView delete(@PathVariable long accountId, @PathVariable long conversationId, @PathVariable long messageId,
                             @AuthenticationPrincipal CurrentUser user) {
        Message m = service.deleteMessage(accountId, user, conversationId, messageId);
        return views.messagesOf(queries.get(accountId, user, conversationId), List.of(m)).getFirst();
    }

    record MessageChange(String content, Map<String, Object> contentAttributes) {
    }

    /** {@code content_attributes} (merged) and the text of the caller's own message. Answer: the message. */
    @PatchMapping("/{messageId}")
    Views.MessageView update(@PathVariable long accountId, @PathVariable long conversationId, @PathVariable long messageId,
                             @AuthenticationPrincipal CurrentUser user, @RequestBody MessageChange body) {
        Message m = service.updateMessage(accountId, user, conversationId, messageId, body.content(), body.contentAttributes());
        return views.messagesOf(queries.get(accountId, user, conversationId), List.of(m)).getFirst();
    }

    /** The same as multipart/form-data, with images in {@code attachments[]}; {@code content} may then be empty. */
    @PostMapping(consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Views.MessageView> createWithAttachments(
            @PathVariable long accountId, @PathVariable long conversationId, @AuthenticationPrincipal CurrentUser user,
            org.springframework.web.multipart.MultipartHttpServletRequest request) {
        MessageDraft draft = new MessageDraft(Uploads.text(request, "content"), Uploads.text(request, "message_type"),
                Boolean.parseBoolean(Uploads.text(request, "private")), Uploads.text(request, "content_type"), null,
                Uploads.text(request, "echo_id") != null ? Uploads.text(request, "echo_id") : Uploads.text(request, "client_message_id"));
        Posted posted = attachments.post(Uploads.files(request),
                files -> service.postAsAgent(accountId, user, conversationId, draft, files));
        Conversation c = queries.get(accountId, user, conversationId);
        return ResponseEntity.status(HttpStatus.OK).body(views.messagesOf(c, List.of(posted.message())).getFirst());
    }
}
