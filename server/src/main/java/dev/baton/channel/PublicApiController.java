package dev.baton.channel;

import dev.baton.contact.Contact;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Attachments;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationViews;
import dev.baton.conversation.Message;
import dev.baton.conversation.MessageDraft;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Uploads;
import dev.baton.conversation.Views;
import dev.baton.conversation.VisitorPage;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's public Client API, for the widget and for API-channel clients. The inbox identifier
 * (a web widget's {@code website_token}) names the inbox, the {@code source_id} names the visitor and
 * opens only their conversations.
 */
@RestController
@RequestMapping("/public/api/v1/inboxes/{inboxIdentifier}")
class PublicApiController {

    record ContactBody(String name, String email, String phoneNumber, String identifier, String identifierHash,
                       Map<String, Object> customAttributes) {

        ContactService.VisitorData data() {
            return new ContactService.VisitorData(name, email, phoneNumber, identifier, identifierHash, customAttributes);
        }
    }

    /** {@code page_url} and {@code referrer}: where the visitor opens the conversation (the widget sends both). */
    /** {@code language}: the widget's language (Baton's addition), which the inbox's story speaks (ADR 0054). */
    record ConversationBody(Map<String, Object> customAttributes, String pageUrl, String referrer, String language) {
        VisitorPage page() {
            return pageUrl == null ? null : VisitorPage.of(pageUrl, referrer);
        }
    }

    record PageViewBody(String pageUrl, String referrer) {
    }

    record MessageBody(String content, String echoId, Map<String, Object> contentAttributes) {
    }

    record SubmitBody(Object submittedValues) {
    }

    record TypingBody(String typingStatus) {
    }

    record EventBody(String name, Map<String, Object> eventInfo) {
    }

    record PublicContact(long id, String sourceId, String pubsubToken, String name, String email, String phoneNumber,
                         boolean hmacVerified) {
    }

    record PublicInbox(String identifier, String name, String channelType, String locale, String widgetColor,
                       String welcomeTitle, String welcomeTagline, String greetingMessage, boolean hmacMandatory, boolean hasBot) {
    }

    private final InboxService inboxes;
    private final ContactService contacts;
    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final ConversationViews views;
    private final PublicRateLimits limits;
    private final Attachments attachments;
    private final WidgetEvents widgetEvents;
    private final org.springframework.transaction.support.TransactionTemplate transaction;

    PublicApiController(InboxService inboxes, ContactService contacts, ConversationService conversations,
                        ConversationQueries queries, ConversationViews views, PublicRateLimits limits,
                        Attachments attachments, WidgetEvents widgetEvents,
                        org.springframework.transaction.support.TransactionTemplate transaction) {
        this.transaction = transaction;
        this.attachments = attachments;
        this.widgetEvents = widgetEvents;
        this.inboxes = inboxes;
        this.contacts = contacts;
        this.conversations = conversations;
        this.queries = queries;
        this.views = views;
        this.limits = limits;
    }

    @GetMapping
    PublicInbox showInbox(@PathVariable String inboxIdentifier) {
        Inbox i = inbox(inboxIdentifier);
        return new PublicInbox(i.identifier(), i.name(), i.channelType().chatwootName(), i.locale(), i.widgetColor(),
                i.welcomeTitle(), i.welcomeTagline(), i.greetingMessage(), i.hmacMandatory(), i.automation().hasBot());
    }

    @PostMapping("/contacts")
    PublicContact createContact(@PathVariable String inboxIdentifier, @RequestBody(required = false) ContactBody body) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactBody b = body == null ? new ContactBody(null, null, null, null, null, null) : body;
        ContactService.Visitor visitor = contacts.createVisitor(inbox, b.data());
        return view(visitor.contact(), visitor.contactInbox());
    }

    @GetMapping("/contacts/{sourceId}")
    PublicContact showContact(@PathVariable String inboxIdentifier, @PathVariable String sourceId) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactInbox visitor = visitor(inbox, sourceId);
        return view(contacts.require(inbox.accountId(), visitor.contactId()), visitor);
    }

    @PatchMapping("/contacts/{sourceId}")
    PublicContact updateContact(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                @RequestBody ContactBody body) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactService.Visitor updated = contacts.updateVisitor(inbox, visitor(inbox, sourceId), body.data());
        return view(updated.contact(), updated.contactInbox());
    }

    /** Chatwoot's widget events: {@code webwidget.triggered} when the visitor opens the chat window. */
    @PostMapping("/contacts/{sourceId}/events")
    org.springframework.http.ResponseEntity<Void> event(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                                        @RequestBody EventBody body,
                                                        @org.springframework.web.bind.annotation.RequestHeader(
                                                                name = "Accept-Language", required = false) String language) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactInbox visitor = visitor(inbox, sourceId);
        limits.consumeMessage(visitor.id());
        widgetEvents.record(inbox, visitor, body.name(), body.eventInfo(), language);
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @PostMapping("/contacts/{sourceId}/conversations")
    Views.PublicConversationView createConversation(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                                    @RequestBody(required = false) ConversationBody body) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactInbox visitor = visitor(inbox, sourceId);
        limits.consumeMessage(visitor.id());
        Conversation c = conversations.openForVisitor(inbox, visitor, body == null ? null : body.customAttributes(),
                body == null ? null : body.page(), body == null ? null : body.language());
        return views.publicConversation(c);
    }

    /** The visitor navigated: the widget tells the page it is on now. */
    @PostMapping("/contacts/{sourceId}/conversations/{conversationId}/page_view")
    org.springframework.http.ResponseEntity<Void> pageView(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                                           @PathVariable long conversationId, @RequestBody PageViewBody body) {
        ContactInbox visitor = visitor(inbox(inboxIdentifier), sourceId);
        conversations.pageViewed(visitor, conversationId, VisitorPage.of(body.pageUrl(), body.referrer()));
        return org.springframework.http.ResponseEntity.noContent().build();
    }

    @GetMapping("/contacts/{sourceId}/conversations")
    List<Views.PublicConversationView> listConversations(@PathVariable String inboxIdentifier, @PathVariable String sourceId) {
        ContactInbox visitor = visitor(inbox(inboxIdentifier), sourceId);
        return queries.visitorConversations(visitor).stream().map(views::publicConversation).toList();
    }

    @GetMapping("/contacts/{sourceId}/conversations/{conversationId}")
    Views.PublicConversationView showConversation(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                                  @PathVariable long conversationId) {
        ContactInbox visitor = visitor(inbox(inboxIdentifier), sourceId);
        return views.publicConversation(queries.visitorConversation(visitor, conversationId));
    }

    @GetMapping("/contacts/{sourceId}/conversations/{conversationId}/messages")
    List<Views.PublicMessageView> messages(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                           @PathVariable long conversationId, @RequestParam(required = false) Long before,
                                           @RequestParam(required = false) Long after) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactInbox visitor = visitor(inbox, sourceId);
        return views.publicMessages(inbox.accountId(), queries.visitorMessages(visitor, conversationId, before, after));
    }

    @PostMapping("/contacts/{sourceId}/conversations/{conversationId}/messages")
    Views.PublicMessageView createMessage(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                          @PathVariable long conversationId, @RequestBody MessageBody body) {
        // One transaction, so one commit, for the whole request: the lookups and the answer's reads share the
        // message's transaction (docs/adr/0045). The realtime delivery still follows its commit.
        return transaction.execute(tx -> {
            Inbox inbox = inbox(inboxIdentifier);
            ContactInbox visitor = visitor(inbox, sourceId);
            limits.consumeMessage(visitor.id());
            Posted posted = conversations.postAsVisitor(visitor, conversationId,
                    new MessageDraft(body.content(), "incoming", false, "text", body.contentAttributes(), body.echoId()));
            return views.forVisitor(inbox.accountId(), posted);
        });
    }

    /** Chatwoot's "Update a message": the visitor's answer to a form, {@code {"submitted_values": [...]}}. */
    @PatchMapping("/contacts/{sourceId}/conversations/{conversationId}/messages/{messageId}")
    Views.PublicMessageView submit(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                   @PathVariable long conversationId, @PathVariable long messageId,
                                   @RequestBody SubmitBody body) {
        return transaction.execute(tx -> {
            Inbox inbox = inbox(inboxIdentifier);
            ContactInbox visitor = visitor(inbox, sourceId);
            limits.consumeMessage(visitor.id());
            Message m = conversations.submitByVisitor(visitor, conversationId, messageId, body.submittedValues());
            return views.publicMessages(inbox.accountId(), List.of(m)).getFirst();
        });
    }

    /** The same as multipart/form-data: {@code content} (optional with images), {@code echo_id}, {@code attachments[]}. */
    @PostMapping(path = "/contacts/{sourceId}/conversations/{conversationId}/messages",
            consumes = org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)
    Views.PublicMessageView createMessageWithAttachments(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                                         @PathVariable long conversationId,
                                                         org.springframework.web.multipart.MultipartHttpServletRequest request) {
        Inbox inbox = inbox(inboxIdentifier);
        ContactInbox visitor = visitor(inbox, sourceId);
        MessageDraft draft = new MessageDraft(Uploads.text(request, "content"), "incoming", false, "text", null,
                Uploads.text(request, "echo_id"));
        limits.consumeMessage(visitor.id());
        Posted posted = attachments.post(Uploads.files(request),
                files -> conversations.postAsVisitor(visitor, conversationId, draft, files));
        return views.forVisitor(inbox.accountId(), posted);
    }

    @PostMapping("/contacts/{sourceId}/conversations/{conversationId}/toggle_status")
    Views.PublicConversationView resolve(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                         @PathVariable long conversationId) {
        ContactInbox visitor = visitor(inbox(inboxIdentifier), sourceId);
        return views.publicConversation(conversations.resolveByVisitor(visitor, conversationId));
    }

    @PostMapping("/contacts/{sourceId}/conversations/{conversationId}/toggle_typing")
    Map<String, Object> typing(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                               @PathVariable long conversationId, @RequestBody TypingBody body) {
        ContactInbox visitor = visitor(inbox(inboxIdentifier), sourceId);
        conversations.typingByVisitor(visitor, conversationId, body.typingStatus());
        return Map.of();
    }

    @PostMapping("/contacts/{sourceId}/conversations/{conversationId}/update_last_seen")
    Map<String, Object> seen(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                             @PathVariable long conversationId) {
        ContactInbox visitor = visitor(inbox(inboxIdentifier), sourceId);
        conversations.markSeenByVisitor(visitor, conversationId);
        return Map.of();
    }

    private Inbox inbox(String identifier) {
        return inboxes.byIdentifier(identifier).orElseThrow(() -> BatonException.notFound("Inbox"));
    }

    private ContactInbox visitor(Inbox inbox, String sourceId) {
        return contacts.publicVisitor(inbox, sourceId);
    }

    private static PublicContact view(Contact c, ContactInbox ci) {
        return new PublicContact(c.id(), ci.sourceId(), ci.pubsubToken(), c.name(), c.email(), c.phoneNumber(),
                ci.hmacVerified());
    }
}
