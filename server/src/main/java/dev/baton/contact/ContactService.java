package dev.baton.contact;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.inbox.Inbox;
import dev.baton.shared.BatonException;
import dev.baton.shared.JsonText;
import dev.baton.shared.Paging;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contacts of an account and their visitor identities per inbox. */
@Service
public class ContactService {

    public record Page(List<Contact> contacts, long count, int page) {
    }

    /** A visitor as the public API creates them: the contact and its identity in the inbox. */
    public record Visitor(Contact contact, ContactInbox contactInbox) {
    }

    /** What a widget sends about the visitor; {@code identifierHash} proves {@code identifier}. */
    public record VisitorData(String name, String email, String phoneNumber, String identifier, String identifierHash,
                              Map<String, Object> customAttributes) {
    }

    private static final int MAX_ATTRIBUTES_JSON = 10_000;

    private final ContactRepository repository;
    private final AccountService accounts;
    private final Clock clock;

    ContactService(ContactRepository repository, AccountService accounts, Clock clock) {
        this.repository = repository;
        this.accounts = accounts;
        this.clock = clock;
    }

    public Page list(long accountId, CurrentUser actor, Paging paging) {
        accounts.requireMember(accountId, actor);
        return new Page(repository.list(accountId, paging.size(), paging.offset()), repository.count(accountId), paging.page());
    }

    public Page search(long accountId, CurrentUser actor, String query, Paging paging) {
        accounts.requireMember(accountId, actor);
        if (query == null || query.isBlank()) {
            throw BatonException.invalid("q", "required", "q is required");
        }
        if (query.length() > 200) {
            throw BatonException.invalid("q", "length", "q must have at most 200 characters");
        }
        String pattern = "%" + query.strip().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return new Page(repository.search(accountId, pattern, paging.size(), paging.offset()),
                repository.searchCount(accountId, pattern), paging.page());
    }

    public Contact get(long accountId, CurrentUser actor, long contactId) {
        accounts.requireMember(accountId, actor);
        return require(accountId, contactId);
    }

    public Contact require(long accountId, long contactId) {
        return repository.find(accountId, contactId).orElseThrow(() -> BatonException.notFound("Contact"));
    }

    /** Several contacts in one query, for lists. */
    public List<Contact> contacts(long accountId, Collection<Long> ids) {
        return repository.byIds(accountId, ids);
    }

    /** Several visitor identities in one query (lists show whether each was verified). */
    public List<ContactInbox> contactInboxesByIds(Collection<Long> ids) {
        return repository.contactInboxesByIds(ids);
    }

    public List<ContactInbox> contactInboxes(long contactId) {
        return repository.contactInboxesOf(contactId);
    }

    @Transactional
    public Contact create(long accountId, CurrentUser actor, ContactData data) {
        accounts.requireMember(accountId, actor);
        ContactData clean = clean(data, true);
        if (clean.email() != null && repository.emailTaken(accountId, clean.email(), -1)) {
            throw BatonException.invalid("email", "taken", "email is already used by another contact");
        }
        try {
            return require(accountId, repository.insert(accountId, clean, clock.instant()));
        } catch (ContactRepository.Taken e) {
            throw BatonException.invalid("identifier", "taken", "email or identifier is already used by another contact");
        }
    }

    @Transactional
    public Contact update(long accountId, CurrentUser actor, long contactId, ContactData data) {
        accounts.requireMember(accountId, actor);
        return merge(require(accountId, contactId), clean(data, false));
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long contactId) {
        accounts.requireAdministrator(accountId, actor);
        if (!repository.delete(accountId, contactId)) {
            throw BatonException.notFound("Contact");
        }
    }

    /** The contact's identity in an inbox for agent-started conversations; created on first use. */
    @Transactional
    public ContactInbox contactInboxFor(long accountId, long contactId, long inboxId) {
        require(accountId, contactId);
        return repository.firstContactInbox(contactId, inboxId).orElseGet(() -> newContactInbox(contactId, inboxId, false));
    }

    // ---- visitors (public Client API)

    /**
     * Creates a visitor in a public inbox. An identifier only joins an existing contact when its hash
     * verifies; where the inbox enforces verification, an unverified visitor is refused.
     */
    @Transactional
    public Visitor createVisitor(Inbox inbox, VisitorData data) {
        boolean verified = verify(inbox, data);
        ContactData fields = clean(new ContactData(data.name(), data.email(), data.phoneNumber(), null, null,
                data.customAttributes(), null), false);
        Contact contact;
        if (verified) {
            Optional<Contact> known = repository.findByIdentifier(inbox.accountId(), data.identifier());
            contact = known.isPresent() ? merge(known.get(), fields) : insertVerified(inbox.accountId(), fields, data.identifier());
        } else {
            contact = insertVisitor(inbox.accountId(), fields);
        }
        return new Visitor(contact, newContactInbox(contact.id(), inbox.id(), verified));
    }

    @Transactional
    public Visitor updateVisitor(Inbox inbox, ContactInbox visitor, VisitorData data) {
        Contact contact = require(inbox.accountId(), visitor.contactId());
        if (data.identifier() != null && !data.identifier().equals(contact.identifier())) {
            if (!verify(inbox, data)) {
                throw BatonException.unauthorized("identity_verification_failed",
                        "identifier_hash does not verify identifier");
            }
            if (repository.findByIdentifier(inbox.accountId(), data.identifier()).isPresent()) {
                throw BatonException.conflict("identifier_taken", "Another contact has this identifier");
            }
            contact = merge(contact, new ContactData(null, null, null, data.identifier(), null, null, null));
        }
        ContactData fields = clean(new ContactData(data.name(), data.email(), data.phoneNumber(), null, null,
                data.customAttributes(), null), false);
        return new Visitor(mergeVisitor(contact, fields), repository.contactInbox(visitor.id()).orElseThrow());
    }

    public Optional<ContactInbox> visitor(long inboxId, String sourceId) {
        if (sourceId == null || sourceId.length() > 64) {
            return Optional.empty();
        }
        return repository.contactInboxBySource(inboxId, sourceId);
    }

    public Optional<ContactInbox> visitorByPubsubToken(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        return repository.contactInboxByPubsub(token);
    }

    @Transactional
    public void touch(long contactId) {
        repository.touch(contactId, clock.instant());
    }

    private boolean verify(Inbox inbox, VisitorData data) {
        boolean hasIdentifier = data.identifier() != null && !data.identifier().isBlank();
        if (hasIdentifier && data.identifier().length() > 200) {
            throw BatonException.invalid("identifier", "length", "identifier must have at most 200 characters");
        }
        boolean verified = hasIdentifier && IdentityVerification.verifies(inbox.hmacToken(), data.identifier(), data.identifierHash());
        if (inbox.hmacMandatory() && !verified) {
            throw new BatonException(HttpStatus.UNAUTHORIZED, "identity_verification_failed",
                    "This inbox requires a verified identifier: send identifier and its identifier_hash");
        }
        if (hasIdentifier && data.identifierHash() != null && !verified) {
            throw new BatonException(HttpStatus.UNAUTHORIZED, "identity_verification_failed",
                    "identifier_hash does not verify identifier");
        }
        return verified;
    }

    /** A verified identifier names one contact: when a concurrent visitor created it first, join that contact. */
    private Contact insertVerified(long accountId, ContactData fields, String identifier) {
        try {
            return insertVisitor(accountId, new ContactData(fields.name(), fields.email(), fields.phoneNumber(), identifier,
                    null, fields.customAttributes(), null));
        } catch (BatonException e) {
            Optional<Contact> winner = repository.findByIdentifier(accountId, identifier);
            if (winner.isEmpty()) {
                throw e;
            }
            return merge(winner.get(), fields);
        }
    }

    private Contact insertVisitor(long accountId, ContactData fields) {
        ContactData safe = fields;
        if (fields.email() != null && repository.emailTaken(accountId, fields.email(), -1)) {
            // An unverified visitor may not take over a known e-mail: keep it as an unconfirmed hint.
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("unverified_email", fields.email());
            safe = new ContactData(fields.name(), null, fields.phoneNumber(), fields.identifier(), null,
                    fields.customAttributes(), extra);
        }
        try {
            return require(accountId, repository.insert(accountId, safe, clock.instant()));
        } catch (ContactRepository.Taken e) {
            throw BatonException.conflict("contact_taken", "A contact with this identifier already exists");
        }
    }

    private Contact mergeVisitor(Contact contact, ContactData fields) {
        if (fields.email() != null && repository.emailTaken(contact.accountId(), fields.email(), contact.id())) {
            fields = new ContactData(fields.name(), null, fields.phoneNumber(), fields.identifier(), null,
                    fields.customAttributes(), fields.additionalAttributes());
        }
        return merge(contact, fields);
    }

    private Contact merge(Contact c, ContactData d) {
        Map<String, Object> custom = new LinkedHashMap<>(c.customAttributes());
        if (d.customAttributes() != null) {
            custom.putAll(d.customAttributes());
            custom.values().removeIf(java.util.Objects::isNull);
        }
        Map<String, Object> additional = new LinkedHashMap<>(c.additionalAttributes());
        if (d.additionalAttributes() != null) {
            additional.putAll(d.additionalAttributes());
        }
        checkAttributes("custom_attributes", custom);
        Contact updated = new Contact(c.id(), c.accountId(), d.name() != null ? d.name() : c.name(),
                d.email() != null ? d.email() : c.email(), d.phoneNumber() != null ? d.phoneNumber() : c.phoneNumber(),
                d.identifier() != null ? d.identifier() : c.identifier(), d.avatarUrl() != null ? d.avatarUrl() : c.avatarUrl(),
                custom, additional, c.lastActivityAt(), c.createdAt());
        if (updated.email() != null && !updated.email().equals(c.email())
                && repository.emailTaken(c.accountId(), updated.email(), c.id())) {
            throw BatonException.invalid("email", "taken", "email is already used by another contact");
        }
        try {
            repository.update(updated, clock.instant());
        } catch (ContactRepository.Taken e) {
            throw BatonException.invalid("identifier", "taken", "identifier is already used by another contact");
        }
        return require(c.accountId(), c.id());
    }

    private ContactInbox newContactInbox(long contactId, long inboxId, boolean verified) {
        long id = repository.insertContactInbox(contactId, inboxId, UUID.randomUUID().toString(), Tokens.random(24),
                verified, clock.instant());
        return repository.contactInbox(id).orElseThrow();
    }

    private static ContactData clean(ContactData d, boolean creating) {
        String name = limit("name", d.name(), 200);
        String email = null;
        if (d.email() != null && !d.email().isBlank()) {
            email = d.email().strip().toLowerCase(Locale.ROOT);
            if (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw BatonException.invalid("email", "email", "email is not a valid e-mail address");
            }
        }
        String phone = null;
        if (d.phoneNumber() != null && !d.phoneNumber().isBlank()) {
            phone = d.phoneNumber().strip();
            if (!phone.matches("\\+?[0-9 ()./-]{3,30}")) {
                throw BatonException.invalid("phone_number", "format", "phone_number must look like +41 44 123 45 67");
            }
        }
        String identifier = limit("identifier", d.identifier(), 200);
        String avatar = limit("avatar_url", d.avatarUrl(), 2000);
        checkAttributes("custom_attributes", d.customAttributes());
        checkAttributes("additional_attributes", d.additionalAttributes());
        return new ContactData(name, email, phone, identifier, avatar, d.customAttributes(), d.additionalAttributes());
    }

    private static String limit(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            throw BatonException.invalid(field, "length", field + " must have at most " + max + " characters");
        }
        return value.strip();
    }

    private static void checkAttributes(String field, Map<String, Object> attributes) {
        if (attributes != null && JsonText.write(attributes).length() > MAX_ATTRIBUTES_JSON) {
            throw BatonException.invalid(field, "length", field + " must be at most " + MAX_ATTRIBUTES_JSON + " characters as JSON");
        }
    }
}
