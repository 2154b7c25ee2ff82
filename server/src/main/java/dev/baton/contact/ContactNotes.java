package dev.baton.contact;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Notes about a contact: every member writes them; the author or an administrator changes or deletes one. */
@Service
public class ContactNotes {

    public static final int PAGE_SIZE = 50;
    static final int MAX_LENGTH = 10_000;

    private final ContactNoteRepository notes;
    private final ContactRepository contacts;
    private final AccountService accounts;
    private final Clock clock;

    ContactNotes(ContactNoteRepository notes, ContactRepository contacts, AccountService accounts, Clock clock) {
        this.notes = notes;
        this.contacts = contacts;
        this.accounts = accounts;
        this.clock = clock;
    }

    public List<ContactNote> list(long accountId, CurrentUser actor, long contactId, Long before) {
        accounts.requireMember(accountId, actor);
        requireContact(accountId, contactId);
        return notes.list(contactId, before, PAGE_SIZE);
    }

    /** Every note of a contact, for the personal-data export (oldest pages read one after another). */
    public List<ContactNote> all(long contactId, Long before) {
        return notes.list(contactId, before, PAGE_SIZE);
    }

    @Transactional
    public ContactNote create(long accountId, CurrentUser actor, long contactId, String content) {
        accounts.requireMember(accountId, actor);
        requireContact(accountId, contactId);
        long id = notes.insert(accountId, contactId, actor.id(), content(content), clock.instant());
        return notes.find(accountId, contactId, id).orElseThrow();
    }

    @Transactional
    public ContactNote update(long accountId, CurrentUser actor, long contactId, long noteId, String content) {
        ContactNote note = mine(accountId, actor, contactId, noteId);
        notes.update(note.id(), content(content), clock.instant());
        return notes.find(accountId, contactId, noteId).orElseThrow();
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long contactId, long noteId) {
        notes.delete(mine(accountId, actor, contactId, noteId).id());
    }

    private ContactNote mine(long accountId, CurrentUser actor, long contactId, long noteId) {
        Membership member = accounts.requireMember(accountId, actor);
        ContactNote note = notes.find(accountId, contactId, noteId).orElseThrow(() -> BatonException.notFound("Note"));
        if (!member.isAdministrator() && (note.userId() == null || note.userId() != actor.id())) {
            throw BatonException.forbidden("the note's author or an administrator", "change or delete a note");
        }
        return note;
    }

    private void requireContact(long accountId, long contactId) {
        contacts.find(accountId, contactId).orElseThrow(() -> BatonException.notFound("Contact"));
    }

    private static String content(String content) {
        if (content == null || content.isBlank()) {
            throw BatonException.invalid("content", "required", "content is required");
        }
        if (content.length() > MAX_LENGTH) {
            throw BatonException.invalid("content", "length", "content must have at most " + MAX_LENGTH + " characters");
        }
        return content.strip();
    }
}
