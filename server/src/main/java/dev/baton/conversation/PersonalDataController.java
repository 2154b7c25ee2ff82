package dev.baton.conversation;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.contact.Contact;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactNote;
import dev.baton.contact.ContactNotes;
import dev.baton.contact.ContactService;
import dev.baton.contact.ContactView;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The right of access: everything Baton holds about a contact as one JSON document, written while it is
 * read (conversations and messages in pages), so a long history costs no more memory than a short one.
 * It lives here, not in the contact feature, because conversations depend on contacts and not the other
 * way round. Administrators only, as deleting the contact is.
 */
@RestController
class PersonalDataController {

    private static final int PAGE = 50;
    private static final int MESSAGE_PAGE = 200;

    record ContactInboxView(long inboxId, String sourceId, boolean hmacVerified) {
    }

    record NoteView(long id, String content, Long userId, long createdAt, long updatedAt) {
    }

    private final AccountService accounts;
    private final ContactService contacts;
    private final ContactNotes notes;
    private final ContactHistoryRepository history;
    private final ConversationRepository conversations;
    private final ConversationViews views;
    private final JsonMapper json;
    private final java.time.Clock clock;

    PersonalDataController(AccountService accounts, ContactService contacts, ContactNotes notes,
                           ContactHistoryRepository history, ConversationRepository conversations, ConversationViews views,
                           JsonMapper json, java.time.Clock clock) {
        this.accounts = accounts;
        this.contacts = contacts;
        this.notes = notes;
        this.history = history;
        this.conversations = conversations;
        this.views = views;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/api/v1/accounts/{accountId}/contacts/{contactId}/personal_data")
    void export(@PathVariable long accountId, @PathVariable long contactId, @AuthenticationPrincipal CurrentUser user,
                HttpServletResponse response) throws IOException {
        accounts.requireAdministrator(accountId, user);
        Contact contact = contacts.require(accountId, contactId);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"contact-" + contactId + ".json\"");
        response.setHeader("Cache-Control", "no-store");
        OutputStream out = response.getOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("exported_at", clock.instant().getEpochSecond());
            g.writeName("contact");
            g.writePOJO(ContactView.of(contact));
            g.writeName("labels");
            g.writePOJO(contacts.labelsOf(List.of(contactId)).getOrDefault(contactId, List.of()));
            g.writeName("contact_inboxes");
            g.writePOJO(contacts.contactInboxes(contactId).stream()
                    .map((ContactInbox ci) -> new ContactInboxView(ci.inboxId(), ci.sourceId(), ci.hmacVerified())).toList());
            writeNotes(g, contactId);
            writeConversations(g, accountId, contactId);
            g.writeEndObject();
        }
    }

    private void writeNotes(JsonGenerator g, long contactId) {
        g.writeName("notes");
        g.writeStartArray();
        Long before = null;
        while (true) {
            List<ContactNote> page = notes.all(contactId, before);
            for (ContactNote n : page) {
                g.writePOJO(new NoteView(n.id(), n.content(), n.userId(), n.createdAt().getEpochSecond(),
                        n.updatedAt().getEpochSecond()));
            }
            if (page.size() < ContactNotes.PAGE_SIZE) {
                break;
            }
            before = page.getLast().id();
        }
        g.writeEndArray();
    }

    private void writeConversations(JsonGenerator g, long accountId, long contactId) {
        g.writeName("conversations");
        g.writeStartArray();
        long after = 0;
        while (true) {
            List<Conversation> page = history.conversationsOf(accountId, contactId, after, PAGE);
            for (Conversation c : page) {
                g.writeStartObject();
                g.writeName("conversation");
                g.writePOJO(views.conversation(c));
                g.writeName("messages");
                g.writeStartArray();
                long lastMessage = 0;
                while (true) {
                    List<Message> messages = conversations.messages(c.id(), null, lastMessage, true, MESSAGE_PAGE);
                    for (Views.MessageView m : views.messagesOf(c, messages)) {
                        g.writePOJO(m);
                    }
                    if (messages.size() < MESSAGE_PAGE) {
                        break;
                    }
                    lastMessage = messages.getLast().id();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.flush();
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().id();
        }
        g.writeEndArray();
    }
}
