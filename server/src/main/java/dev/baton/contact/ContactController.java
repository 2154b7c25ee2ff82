package dev.baton.contact;

import dev.baton.account.CurrentUser;
import dev.baton.shared.Paging;
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

/** Chatwoot's {@code /contacts}: list and search are paged by {@code page} (15 per page). */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/contacts")
class ContactController {

    static final int PAGE_SIZE = 15;

    record ContactInboxView(String sourceId, long inboxId) {
    }

    private final ContactService contacts;

    ContactController(ContactService contacts) {
        this.contacts = contacts;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                             @RequestParam(required = false) Integer page) {
        return page(contacts.list(accountId, user, Paging.of(page, PAGE_SIZE)));
    }

    @GetMapping("/search")
    Map<String, Object> search(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestParam(required = false) String q, @RequestParam(required = false) Integer page) {
        return page(contacts.search(accountId, user, q, Paging.of(page, PAGE_SIZE)));
    }

    @GetMapping("/{contactId}")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long contactId,
                             @AuthenticationPrincipal CurrentUser user) {
        Contact contact = contacts.get(accountId, user, contactId);
        return Map.of("payload", withInboxes(contact));
    }

    @PostMapping
    Map<String, Object> create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody ContactData body) {
        return Map.of("payload", Map.of("contact", ContactView.of(contacts.create(accountId, user, body))));
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

    private Map<String, Object> withInboxes(Contact contact) {
        var view = new java.util.LinkedHashMap<String, Object>();
        view.put("contact", ContactView.of(contact));
        view.put("contact_inboxes", contacts.contactInboxes(contact.id()).stream()
                .map(ci -> new ContactInboxView(ci.sourceId(), ci.inboxId())).toList());
        return view;
    }

    private static Map<String, Object> page(ContactService.Page page) {
        return Map.of("meta", Map.of("count", page.count(), "current_page", page.page()),
                "payload", page.contacts().stream().map(ContactView::of).toList());
    }
}
