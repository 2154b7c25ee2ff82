package dev.baton.contact;

import dev.baton.account.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Chatwoot's {@code POST /actions/contact_merge}: the answer is the contact that stays. */
@RestController
class ContactMergeController {

    record Body(Long baseContactId, Long mergeeContactId) {
    }

    private final ContactService contacts;

    ContactMergeController(ContactService contacts) {
        this.contacts = contacts;
    }

    @PostMapping("/api/v1/accounts/{accountId}/actions/contact_merge")
    ContactView merge(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user, @RequestBody Body body) {
        return ContactView.of(contacts.merge(accountId, user, body.baseContactId(), body.mergeeContactId()));
    }
}
