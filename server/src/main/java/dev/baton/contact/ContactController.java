package dev.baton.contact;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.baton.account.CurrentUser;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ChatwootFilter;
import dev.baton.shared.Paging;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's {@code /contacts}, with Baton's filters and keyset pages on the list (docs/api.md#contacts):
 * {@code cursor} / {@code per_page} for endless scrolling, or Chatwoot's {@code page} (15 per page).
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/contacts")
class ContactController {

    /** Chatwoot's inbox as a contact's {@code contact_inboxes} show it. */
    record InboxSummary(long id, long channelId, String name, String channelType, String avatarUrl, String provider) {
        static InboxSummary of(Inbox inbox) {
            return new InboxSummary(inbox.id(), inbox.id(), inbox.name(), inbox.channelType().chatwootName(), "", "");
        }
    }

    /** Chatwoot's contact inbox {@code {source_id, inbox}}, plus Baton's {@code inbox_id} and {@code hmac_verified}. */
    record ContactInboxView(String sourceId, long inboxId, boolean hmacVerified, InboxSummary inbox) {
    }

    /** Chatwoot's contact show: the contact's fields in {@code payload}, with its inboxes and (Baton's) labels. */
    record Shown(@JsonUnwrapped ContactView contact, List<ContactInboxView> contactInboxes, List<String> labels) {
    }

    /** Chatwoot's contact create: the contact fields, and the inbox the contact is made in (optional in Baton). */
    record CreateBody(String name, String email, String phoneNumber, String identifier, String avatarUrl,
                      Map<String, Object> customAttributes, Map<String, Object> additionalAttributes, Long inboxId,
                      String sourceId) {
        ContactData data() {
            return new ContactData(name, email, phoneNumber, identifier, avatarUrl, customAttributes, additionalAttributes);
        }
    }

    record ContactInboxBody(Long inboxId, String sourceId) {
    }

    /** A list row: the contact in Chatwoot's shape plus its labels. */
    record Listed(@JsonUnwrapped ContactView contact, List<String> labels) {
    }

    record LabelsBody(List<String> labels) {
    }

    record NoteBody(String content) {
    }

    record NoteView(long id, String content, long contactId, Long userId, long createdAt, long updatedAt) {
        static NoteView of(ContactNote n) {
            return new NoteView(n.id(), n.content(), n.contactId(), n.userId(), n.createdAt().getEpochSecond(),
                    n.updatedAt().getEpochSecond());
        }
    }

    private final ContactService contacts;
    private final ContactNotes notes;
    private final ContactCsv csv;

    private final InboxService inboxes;

    ContactController(ContactService contacts, ContactNotes notes, ContactCsv csv, InboxService inboxes) {
        this.contacts = contacts;
        this.notes = notes;
        this.csv = csv;
        this.inboxes = inboxes;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) String q,
                             @RequestParam(name = "labels", required = false) List<String> labels,
                             @RequestParam(name = "labels[]", required = false) List<String> labelsBracketed,
                             @RequestParam(name = "attribute_key", required = false) String attributeKey,
                             @RequestParam(name = "attribute_operator", required = false) String attributeOperator,
                             @RequestParam(name = "attribute_value", required = false) String attributeValue,
                             @RequestParam(name = "last_activity_after", required = false) Long lastActivityAfter,
                             @RequestParam(name = "last_activity_before", required = false) Long lastActivityBefore,
                             @RequestParam(required = false) String activity,
                             @RequestParam(required = false) String cursor,
                             @RequestParam(required = false) Integer page,
                             @RequestParam(name = "per_page", required = false) Integer perPage) {
        ContactService.Slice slice = contacts.list(accountId, user, new ContactService.ListRequest(q,
                labels(labels, labelsBracketed), attributeKey, attributeOperator, attributeValue, lastActivityAfter,
                lastActivityBefore, activity, cursor, page, perPage));
        return listAnswer(slice);
    }

    private static Map<String, Object> listAnswer(ContactService.Slice slice) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("count", slice.count());
        meta.put("current_page", slice.page());
        meta.put("next_cursor", slice.nextCursor());
        return Map.of("meta", meta, "payload", slice.contacts().stream()
                .map(c -> new Listed(ContactView.of(c), slice.labels().getOrDefault(c.id(), List.of()))).toList());
    }

    private static final java.util.Set<String> TEXT_KEYS = java.util.Set.of("name", "email", "phone_number", "identifier");

    /**
     * Chatwoot's contact filter, on the list's own filters: {@code labels} ({@code equal_to}: any of them);
     * {@code name}, {@code email}, {@code phone_number} or {@code identifier} (one of them: the text is looked for in
     * all four, as the list's {@code q}); any other key is a custom attribute ({@code equal_to} or {@code contains},
     * one of them). Conditions are joined by AND. Answer: the list's shape, 15 per {@code page}.
     */
    @PostMapping("/filter")
    Map<String, Object> filter(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestParam(required = false) Integer page, @RequestBody Map<String, Object> body) {
        ChatwootFilter filter = ChatwootFilter.parse(body, java.util.Set.of("equal_to", "contains"));
        String q = null;
        List<String> labels = null;
        String attributeKey = null;
        String attributeOperator = null;
        String attributeValue = null;
        int i = 0;
        for (var entry : filter.conditions().entrySet()) {
            String field = "payload." + i++;
            ChatwootFilter.Condition condition = entry.getValue();
            if (entry.getKey().equals("labels")) {
                if (!condition.operator().equals("equal_to")) {
                    throw BatonException.invalid(field + ".filter_operator", "inclusion", "labels take equal_to");
                }
                labels = condition.values();
            } else if (TEXT_KEYS.contains(entry.getKey())) {
                if (q != null) {
                    throw BatonException.invalid(field + ".attribute_key", "exclusive",
                            "only one of name, email, phone_number and identifier");
                }
                q = condition.single(field);
            } else {
                if (attributeKey != null) {
                    throw BatonException.invalid(field + ".attribute_key", "exclusive", "only one custom attribute condition");
                }
                attributeKey = entry.getKey();
                attributeOperator = condition.operator();
                attributeValue = condition.single(field);
            }
        }
        ContactService.Slice slice = contacts.list(accountId, user, new ContactService.ListRequest(q, labels, attributeKey,
                attributeOperator, attributeValue, null, null, null, null, page == null ? 1 : page, null));
        return listAnswer(slice);
    }

    @GetMapping("/search")
    Map<String, Object> search(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestParam(required = false) String q, @RequestParam(required = false) Integer page) {
        ContactService.Page found = contacts.search(accountId, user, q, Paging.of(page, ContactService.PAGE_SIZE));
        return Map.of("meta", Map.of("count", found.count(), "current_page", found.page()),
                "payload", found.contacts().stream().map(ContactView::of).toList());
    }

    /** The filtered list as CSV, streamed (the same filters as the list; no paging). */
    @GetMapping("/export")
    void export(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                @RequestParam(required = false) String q,
                @RequestParam(name = "labels", required = false) List<String> labels,
                @RequestParam(name = "labels[]", required = false) List<String> labelsBracketed,
                @RequestParam(name = "attribute_key", required = false) String attributeKey,
                @RequestParam(name = "attribute_operator", required = false) String attributeOperator,
                @RequestParam(name = "attribute_value", required = false) String attributeValue,
                @RequestParam(name = "last_activity_after", required = false) Long lastActivityAfter,
                @RequestParam(name = "last_activity_before", required = false) Long lastActivityBefore,
                @RequestParam(required = false) String activity,
                HttpServletResponse response) throws IOException {
        csv.export(accountId, user, new ContactService.ListRequest(q, labels(labels, labelsBracketed), attributeKey,
                attributeOperator, attributeValue, lastActivityAfter, lastActivityBefore, activity, null, null, null), response);
    }

    @GetMapping("/{contactId}")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long contactId,
                             @AuthenticationPrincipal CurrentUser user) {
        Contact contact = contacts.get(accountId, user, contactId);
        return Map.of("payload", shown(contact));
    }

    /**
     * Chatwoot's answer: {@code {"payload": {"contact": contact, "contact_inbox": {inbox, source_id}}}}; without
     * {@code inbox_id} (which Chatwoot requires) the contact inbox is {@code {"inbox": null, "source_id": null}}.
     */
    @PostMapping
    Map<String, Object> create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody CreateBody body) {
        Contact contact;
        Map<String, Object> contactInbox = new LinkedHashMap<>();
        if (body.inboxId() == null) {
            contact = contacts.create(accountId, user, body.data());
            contactInbox.put("inbox", null);
            contactInbox.put("source_id", null);
        } else {
            Inbox inbox = inboxes.get(accountId, user, body.inboxId());
            ContactService.Visitor created = contacts.createIn(accountId, user, body.data(), inbox.id(), body.sourceId());
            contact = created.contact();
            contactInbox.put("inbox", InboxSummary.of(inbox));
            contactInbox.put("source_id", created.contactInbox().sourceId());
        }
        return Map.of("payload", Map.of("contact", shown(contact), "contact_inbox", contactInbox));
    }

    /** Chatwoot's contact inbox creation: the contact gets an identity in the inbox. Answer: {source_id, inbox}. */
    @PostMapping("/{contactId}/contact_inboxes")
    ContactInboxView addContactInbox(@PathVariable long accountId, @PathVariable long contactId,
                                     @AuthenticationPrincipal CurrentUser user, @RequestBody ContactInboxBody body) {
        if (body.inboxId() == null) {
            throw BatonException.invalid("inbox_id", "required", "inbox_id is required");
        }
        Inbox inbox = inboxes.get(accountId, user, body.inboxId());
        ContactInbox created = contacts.addContactInbox(accountId, user, contactId, inbox.id(), body.sourceId());
        return new ContactInboxView(created.sourceId(), inbox.id(), created.hmacVerified(), InboxSummary.of(inbox));
    }

    /** Chatwoot's contactable inboxes: the inboxes the caller sees, with the contact's source_id where it has one. */
    @GetMapping("/{contactId}/contactable_inboxes")
    Map<String, Object> contactableInboxes(@PathVariable long accountId, @PathVariable long contactId,
                                           @AuthenticationPrincipal CurrentUser user) {
        Contact contact = contacts.get(accountId, user, contactId);
        Map<Long, String> sources = new LinkedHashMap<>();
        contacts.contactInboxes(contact.id()).forEach(ci -> sources.putIfAbsent(ci.inboxId(), ci.sourceId()));
        List<Map<String, Object>> payload = new ArrayList<>();
        for (Inbox inbox : inboxes.list(accountId, user, new Paging(1, 100))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("source_id", sources.get(inbox.id()));
            row.put("inbox", InboxSummary.of(inbox));
            payload.add(row);
        }
        return Map.of("payload", payload);
    }

    @PutMapping("/{contactId}")
    Map<String, Object> replace(@PathVariable long accountId, @PathVariable long contactId,
                                @AuthenticationPrincipal CurrentUser user, @RequestBody ContactData body) {
        return Map.of("payload", ContactView.of(contacts.update(accountId, user, contactId, body)));
    }

    @PatchMapping("/{contactId}")
    Map<String, Object> update(@PathVariable long accountId, @PathVariable long contactId,
                               @AuthenticationPrincipal CurrentUser user, @RequestBody ContactData body) {
        return replace(accountId, contactId, user, body);
    }

    @DeleteMapping("/{contactId}")
    ResponseEntity<Void> delete(@PathVariable long accountId, @PathVariable long contactId,
                                @AuthenticationPrincipal CurrentUser user) {
        contacts.delete(accountId, user, contactId);
        return ResponseEntity.ok().build();
    }

    // ---- labels

    @GetMapping("/{contactId}/labels")
    Map<String, Object> labels(@PathVariable long accountId, @PathVariable long contactId,
                               @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", contacts.labels(accountId, user, contactId));
    }

    @PostMapping("/{contactId}/labels")
    Map<String, Object> setLabels(@PathVariable long accountId, @PathVariable long contactId,
                                  @AuthenticationPrincipal CurrentUser user, @RequestBody LabelsBody body) {
        return Map.of("payload", contacts.setLabels(accountId, user, contactId, body.labels()));
    }

    // ---- notes

    @GetMapping("/{contactId}/notes")
    List<NoteView> notes(@PathVariable long accountId, @PathVariable long contactId, @AuthenticationPrincipal CurrentUser user,
                         @RequestParam(required = false) Long before) {
        return notes.list(accountId, user, contactId, before).stream().map(NoteView::of).toList();
    }

    @PostMapping("/{contactId}/notes")
    NoteView createNote(@PathVariable long accountId, @PathVariable long contactId, @AuthenticationPrincipal CurrentUser user,
                        @RequestBody NoteBody body) {
        return NoteView.of(notes.create(accountId, user, contactId, body.content()));
    }

    @PatchMapping("/{contactId}/notes/{noteId}")
    NoteView updateNote(@PathVariable long accountId, @PathVariable long contactId, @PathVariable long noteId,
                        @AuthenticationPrincipal CurrentUser user, @RequestBody NoteBody body) {
        return NoteView.of(notes.update(accountId, user, contactId, noteId, body.content()));
    }

    @DeleteMapping("/{contactId}/notes/{noteId}")
    ResponseEntity<Void> deleteNote(@PathVariable long accountId, @PathVariable long contactId, @PathVariable long noteId,
                                    @AuthenticationPrincipal CurrentUser user) {
        notes.delete(accountId, user, contactId, noteId);
        return ResponseEntity.ok().build();
    }

    private Shown shown(Contact contact) {
        Map<Long, Inbox> known = new java.util.HashMap<>();
        List<ContactInboxView> views = contacts.contactInboxes(contact.id()).stream()
                .map(ci -> {
                    Inbox inbox = known.computeIfAbsent(ci.inboxId(), id -> inboxes.byId(id).orElse(null));
                    return new ContactInboxView(ci.sourceId(), ci.inboxId(), ci.hmacVerified(),
                            inbox == null ? null : InboxSummary.of(inbox));
                }).toList();
        return new Shown(ContactView.of(contact), views,
                contacts.labelsOf(List.of(contact.id())).getOrDefault(contact.id(), List.of()));
    }

    private static List<String> labels(List<String> plain, List<String> bracketed) {
        if (plain == null && bracketed == null) {
            return null;
        }
        List<String> all = new ArrayList<>();
        if (plain != null) {
            all.addAll(plain);
        }
        if (bracketed != null) {
            all.addAll(bracketed);
        }
        return all;
    }
}
