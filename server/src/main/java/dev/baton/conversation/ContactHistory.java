package dev.baton.conversation;

import dev.baton.contact.ContactDeleted;
import dev.baton.contact.ContactMerged;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact's conversations follow what happens to the contact, in the contact's transaction (a plain
 * listener, not an after-commit one): a merge moves them to the contact that stays; a deletion removes them
 * with their messages and files. If this fails, the merge or deletion is undone as a whole.
 */
@Component
class ContactHistory {

    private final ContactHistoryRepository repository;
    private final UploadRemovals uploads;

    ContactHistory(ContactHistoryRepository repository, UploadRemovals uploads) {
        this.repository = repository;
        this.uploads = uploads;
    }

    @EventListener
    void on(ContactMerged merged) {
        repository.lockConversationsOf(merged.accountId(), merged.mergedId());
        repository.moveConversations(merged.accountId(), merged.mergedId(), merged.baseId());
    }

    @EventListener
    void on(ContactDeleted deleted) {
        List<Long> conversations = repository.lockConversationsOf(deleted.accountId(), deleted.contactId());
        uploads.schedule(repository.storageKeysOf(conversations));
        repository.deleteConversationsOf(deleted.accountId(), deleted.contactId());
    }
}
