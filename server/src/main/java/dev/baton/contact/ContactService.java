package dev.baton.contact;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.inbox.Inbox;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.JsonText;
import dev.baton.shared.Paging;
import dev.baton.shared.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import dev.baton.shared.ErrorCode;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Contacts of an account, their labels, merges, and their visitor identities per inbox. */
@Service
public class ContactService {

    public record Page(List<Contact> contacts, long count, int page) {
    }

    /**
     * One page of the contact list: the contacts with their labels (one query), the total for the filters
     * (on the first page only: later pages do not count again), and where the next keyset page starts
     * ({@code nextCursor} null at the end).
     */
    public record Slice(List<Contact> contacts, Map<Long, List<String>> labels, Long count, Integer page, String nextCursor) {
    }

    /** The list's query parameters as a client sends them; {@link #filter} checks them. */
    public record ListRequest(String q, List<String> labels, String attributeKey, String attributeOperator,
                              String attributeValue, Long lastActivityAfter, Long lastActivityBefore, String activity,
                              String cursor, Integer page, Integer perPage) {

        public static ListRequest search(String q, Integer page) {
            return new ListRequest(q, null, null, null, null, null, null, null, null, page, null);
        }
    }

    /** A visitor as the public API creates them: the contact and its identity in the inbox. */
    public record Visitor(Contact contact, ContactInbox contactInbox) {
    }

    /** What a widget sends about the visitor; {@code identifierHash} proves {@code identifier} (or the e-mail). */
    public record VisitorData(String name, String email, String phoneNumber, String identifier, String identifierHash,
                              Map<String, Object> customAttributes) {
    }

    public static final int PAGE_SIZE = 15;
    public static final int MAX_PER_PAGE = 100;
    static final int MAX_LABELS = 50;
    private static final int MAX_ATTRIBUTES_JSON = 10_000;
    private static final int EXPORT_BATCH = 500;

    private final ContactRepository repository;
    private final AccountService accounts;
    private final CustomAttributes attributes;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock;
    private final AuditLog audit;
    private final ContactActivity activity;

    ContactService(ContactRepository repository, AccountService accounts, CustomAttributes attributes,
                   org.springframework.context.ApplicationEventPublisher events, Clock clock, AuditLog audit,
                   ContactActivity activity) {
        this.audit = audit;
        this.activity = activity;
        this.repository = repository;
        this.accounts = accounts;
        this.attributes = attributes;
        this.events = events;
        this.clock = clock;
    }

    // ---- the list

    /**
     * The contact list: Baton's keyset pages ({@code cursor}, {@code per_page}) or Chatwoot's numbered pages
     * ({@code page}), newest activity first and contacts who never wrote last, filtered by search text,
     * labels, one custom attribute and last activity.
     */
    public Slice list(long accountId, CurrentUser actor, ListRequest request) {
        accounts.requireMember(accountId, actor);
        ContactFilter filter = filter(accountId, request);
        int size = perPage(request.perPage());
        List<Contact> rows;
        Long count = null;
        Integer page = null;
        if (request.page() != null) {
            if (request.cursor() != null) {
                throw BatonException.invalid("cursor", "exclusive", "send either page or cursor, not both");
            }
            Paging paging = Paging.of(request.page(), size);
            rows = repository.offsetPage(accountId, filter, size + 1, paging.offset());
            count = repository.count(accountId, filter);
            page = paging.page();
        } else {
            ContactRepository.Cursor after = request.cursor() == null ? null : ContactCursor.decode(request.cursor());
            rows = repository.page(accountId, filter, after, size + 1);
            if (after == null) {
                count = repository.count(accountId, filter);
                page = 1;
            }
        }
        boolean more = rows.size() > size;
        List<Contact> contacts = more ? rows.subList(0, size) : rows;
        String next = more ? ContactCursor.encode(contacts.getLast()) : null;
        return new Slice(List.copyOf(contacts), repository.labels(contacts.stream().map(Contact::id).toList()), count, page, next);
    }

    /** Chatwoot's {@code /contacts/search}: {@code q} is required there. */
    public Page search(long accountId, CurrentUser actor, String query, Paging paging) {
        if (query == null || query.isBlank()) {
            throw BatonException.invalid("q", "required", "q is required");
        }
        Slice slice = list(accountId, actor, ListRequest.search(query, paging.page()));
        return new Page(slice.contacts(), slice.count(), paging.page());
    }

    /** Checks who asks and the filters of an export before anything is written to the response. */
    public ContactFilter exportFilter(long accountId, CurrentUser actor, ListRequest request) {
        accounts.requireMember(accountId, actor);
        return filter(accountId, request);
    }

    /**
     * Every contact the filters select, in batches of {@value #EXPORT_BATCH} with their labels, one keyset page
     * after another: memory stays bounded whatever the account holds. For the CSV export.
     */
    public void export(long accountId, ContactFilter filter, Consumer<Slice> batches) {
        ContactRepository.Cursor after = null;
        while (true) {
            List<Contact> rows = repository.page(accountId, filter, after, EXPORT_BATCH);
            if (rows.isEmpty()) {
                return;
            }
            batches.accept(new Slice(rows, repository.labels(rows.stream().map(Contact::id).toList()), null, null, null));
            if (rows.size() < EXPORT_BATCH) {
                return;
            }
            Contact last = rows.getLast();
            after = new ContactRepository.Cursor(last.lastActivityAt(), last.id());
        }
    }

    private static int perPage(Integer perPage) {
        if (perPage == null) {
            return PAGE_SIZE;
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw BatonException.invalid("per_page", "range", "per_page must be 1 to " + MAX_PER_PAGE);
        }
        return perPage;
    }

    /** Checks the list's filters; the same ones serve the list, its count and the export. */
    ContactFilter filter(long accountId, ListRequest r) {
        String pattern = null;
        if (r.q() != null && !r.q().isBlank()) {
            String text = r.q().strip();
            if (text.codePointCount(0, text.length()) > 200) {
                throw BatonException.invalid("q", "length", "q must have at most 200 characters");
            }
            if (text.chars().anyMatch(Character::isISOControl)) {
                throw BatonException.invalid("q", "format", "q must not contain control characters");
            }
            pattern = "%" + ContactRepository.like(text.toLowerCase(Locale.ROOT)) + "%";
        }
        List<String> labels = r.labels() == null ? List.of() : labels("labels", r.labels());
        if (labels.size() > 20) {
            throw BatonException.invalid("labels", "length", "filter by at most 20 labels");
        }
        ContactFilter.Attribute attribute = attributeFilter(accountId, r);
        Instant after = r.lastActivityAfter() == null ? null : epoch("last_activity_after", r.lastActivityAfter());
        Instant before = r.lastActivityBefore() == null ? null : epoch("last_activity_before", r.lastActivityBefore());
        boolean never = false;
        if (r.activity() != null) {
            switch (r.activity()) {
                case "never" -> never = true;
                case "any" -> { }
                default -> throw BatonException.invalid("activity", "inclusion", "activity must be any or never");
            }
        }
        if (never && (after != null || before != null)) {
            throw BatonException.invalid("activity", "exclusive",
                    "activity=never cannot be combined with last_activity_after or last_activity_before");
        }
        return new ContactFilter(pattern, labels, attribute, after, before, never);
    }

    private ContactFilter.Attribute attributeFilter(long accountId, ListRequest r) {
        if (r.attributeKey() == null || r.attributeKey().isBlank()) {
            if (r.attributeValue() != null || r.attributeOperator() != null) {
                throw BatonException.invalid("attribute_key", "required", "attribute_key is required with attribute_value");
            }
            return null;
        }
        String key = r.attributeKey().strip();
        if (key.length() > 100) {
            throw BatonException.invalid("attribute_key", "length", "attribute_key must have at most 100 characters");
        }
        String operator = r.attributeOperator() == null ? (r.attributeValue() == null ? "present" : "equal_to")
                : r.attributeOperator();
        if (!List.of("equal_to", "contains", "present", "greater_than", "less_than").contains(operator)) {
            throw BatonException.invalid("attribute_operator", "inclusion",
                    "attribute_operator must be equal_to, contains, present, greater_than or less_than");
        }
        if (operator.equals("present")) {
            return new ContactFilter.Attribute(key, operator, null, null, null);
        }
        if (r.attributeValue() == null || r.attributeValue().isBlank()) {
            throw BatonException.invalid("attribute_value", "required", "attribute_value is required with " + operator);
        }
        String raw = r.attributeValue().strip();
        AttributeDefinition d = attributes.definitions(accountId, AttributeModel.CONTACT).get(key);
        Object value = raw;
        if (d != null && !operator.equals("contains")) {
            try {
                value = AttributeValues.normalise(d, raw);
            } catch (AttributeValues.Refused e) {
                throw BatonException.invalid("attribute_value", e.code, d.displayName() + " " + e.getMessage());
            }
        }
        AttributeValues.Indexed indexed = AttributeValues.indexed(value).orElseThrow();
        if (operator.equals("greater_than") || operator.equals("less_than")) {
            if (indexed.date() == null && indexed.number() == null) {
                throw BatonException.invalid("attribute_value", "invalid_type", operator + " needs a number or a date");
            }
            return new ContactFilter.Attribute(key, operator, indexed.text(), indexed.date() == null ? indexed.number() : null,
                    indexed.date());
        }
        return new ContactFilter.Attribute(key, operator, operator.equals("contains") ? AttributeValues.lower(raw) : indexed.text(),
                null, null);
    }

    private static Instant epoch(String field, long seconds) {
        if (seconds < 0 || seconds > 253_402_300_799L) {
            throw BatonException.invalid(field, "range", field + " must be Unix seconds between 1970 and 9999");
        }
        return Instant.ofEpochSecond(seconds);
    }

    // ---- single contacts

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

    /**
     * Chatwoot's contact create with {@code inbox_id}: the contact and its identity in that inbox, in one
     * transaction (the caller has checked that the actor sees the inbox).
     */
    @Transactional
    public Visitor createIn(long accountId, CurrentUser actor, ContactData data, long inboxId, String sourceId) {
        Contact contact = create(accountId, actor, data);
        return new Visitor(contact, addContactInbox(accountId, actor, contact.id(), inboxId, sourceId));
    }

    /**
     * Chatwoot's {@code POST /contacts/{id}/contact_inboxes}: a new identity of the contact in an inbox, under the
     * given {@code source_id} (1 to 64 visible characters, unique in the inbox) or a new one. The caller has checked
     * that the actor sees the inbox.
     */
    @Transactional
    public ContactInbox addContactInbox(long accountId, CurrentUser actor, long contactId, long inboxId, String sourceId) {
        accounts.requireMember(accountId, actor);
        require(accountId, contactId);
        if (sourceId == null || sourceId.isBlank()) {
            return newContactInbox(contactId, inboxId, false);
        }
        String source = sourceId.strip();
        if (source.length() > 64 || !source.chars().allMatch(c -> c > 0x20 && c != 0x7f)) {
            throw BatonException.invalid("source_id", "format", "source_id is 1 to 64 visible characters");
        }
        if (repository.contactInboxBySource(inboxId, source).isPresent()) {
            throw BatonException.invalid("source_id", "taken", "source_id is already used in this inbox");
        }
        try {
            long id = repository.insertContactInbox(contactId, inboxId, source, Tokens.random(24), false, clock.instant());
            return repository.contactInbox(id).orElseThrow();
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw BatonException.invalid("source_id", "taken", "source_id is already used in this inbox");
        }
    }

    @Transactional
    public Contact create(long accountId, CurrentUser actor, ContactData data) {
        accounts.requireMember(accountId, actor);
        ContactData clean = checked(accountId, clean(data));
        if (clean.email() != null && repository.emailTaken(accountId, clean.email(), -1)) {
            throw BatonException.invalid("email", "taken", "email is already used by another contact");
        }
        try {
            // Created by an agent: the person has not written yet (last activity stays empty until they do).
            return created(require(accountId, repository.insert(accountId, withoutNulls(clean), clock.instant(), null)));
        } catch (ContactRepository.Taken e) {
            throw BatonException.invalid("identifier", "taken", "email or identifier is already used by another contact");
        }
    }

    @Transactional
    public Contact update(long accountId, CurrentUser actor, long contactId, ContactData data) {
        accounts.requireMember(accountId, actor);
        return merge(require(accountId, contactId), checked(accountId, clean(data)));
    }

    /**
     * Deletes the contact and everything Baton holds about them: their conversations, messages and uploaded
     * files (removed by the {@code conversation} feature on {@link ContactDeleted}), identities, labels, notes
     * and attribute values. One transaction: all of it or nothing.
     */
    @Transactional
    public void delete(long accountId, CurrentUser actor, long contactId) {
        accounts.requireAdministrator(accountId, actor);
        require(accountId, contactId);
        events.publishEvent(new ContactDeleted(accountId, contactId));
        if (!repository.delete(accountId, contactId)) {
            throw BatonException.notFound("Contact");
        }
        // No name, e-mail or other personal data: the right to be forgotten covers the audit log too.
        audit.record(accountId, actor, AuditLog.CONTACT, contactId, null, AuditLog.DESTROY, Map.of("id", contactId));
    }

    /** Chatwoot's {@code POST /actions/contact_merge}: the mergee's conversations, identities, labels and notes move to the base. */
    @Transactional
    public Contact merge(long accountId, CurrentUser actor, Long baseId, Long mergeeId) {
        accounts.requireMember(accountId, actor);
        if (baseId == null) {
            throw BatonException.invalid("base_contact_id", "required", "base_contact_id is required");
        }
        if (mergeeId == null) {
            throw BatonException.invalid("mergee_contact_id", "required", "mergee_contact_id is required");
        }
        if (baseId.equals(mergeeId)) {
            throw BatonException.invalid("mergee_contact_id", "same", "a contact cannot be merged into itself");
        }
        require(accountId, baseId);
        require(accountId, mergeeId);
        Contact merged = mergeInto(accountId, baseId, mergeeId);
        // Ids only (no personal data, as for a deletion).
        audit.record(accountId, actor, AuditLog.CONTACT, baseId, null, AuditLog.MERGE,
                Map.of("base_contact_id", baseId, "mergee_contact_id", mergeeId));
        return merged;
    }

    /**
     * Moves everything of {@code mergedId} to {@code baseId} and deletes it. The base keeps its own fields and
     * takes the merged contact's where it has none; custom attributes of both, the base's winning.
     */
    private Contact mergeInto(long accountId, long baseId, long mergedId) {
        // Lock order: the base contact, then the merged contact's conversations (the listener), then the merged
        // contact. Two merges into one base wait here before either holds anything else (moving rows that
        // reference the base takes a share lock on it, which would otherwise block the other's update), and
        // the merged contact comes after its conversations, as in a visitor's message (conversation, contact).
        if (repository.lock(accountId, List.of(baseId)).isEmpty()) {
            throw BatonException.notFound("Contact");
        }
        events.publishEvent(new ContactMerged(accountId, baseId, mergedId));
        List<Contact> locked = repository.lock(accountId, List.of(baseId, mergedId));
        Contact base = locked.stream().filter(c -> c.id() == baseId).findFirst()
                .orElseThrow(() -> BatonException.notFound("Contact"));
        Contact merged = locked.stream().filter(c -> c.id() == mergedId).findFirst()
                .orElseThrow(() -> BatonException.notFound("Contact"));
        repository.moveContactInboxes(mergedId, baseId);
        repository.moveNotes(mergedId, baseId);
        Map<Long, List<String>> labels = repository.labels(List.of(baseId, mergedId));
        LinkedHashSet<String> union = new LinkedHashSet<>(labels.getOrDefault(baseId, List.of()));
        union.addAll(labels.getOrDefault(mergedId, List.of()));
        Map<String, Object> custom = new LinkedHashMap<>(merged.customAttributes());
        custom.putAll(base.customAttributes());
        Map<String, Object> additional = new LinkedHashMap<>(merged.additionalAttributes());
        additional.putAll(base.additionalAttributes());
        if (base.email() != null || merged.email() == null) {
            additional.remove("unverified_email");
        }
        Contact result = new Contact(baseId, accountId, first(base.name(), merged.name()), first(base.email(), merged.email()),
                first(base.phoneNumber(), merged.phoneNumber()), first(base.identifier(), merged.identifier()),
                first(base.avatarUrl(), merged.avatarUrl()), custom, additional, base.lastActivityAt(), base.createdAt());
        repository.delete(accountId, mergedId);
        repository.update(result, clock.instant());
        repository.replaceLabels(accountId, baseId, union.stream().limit(MAX_LABELS).toList());
        Instant last = latest(base.lastActivityAt(), merged.lastActivityAt());
        if (last != null && !last.equals(base.lastActivityAt())) {
            repository.touch(baseId, last);
        }
        return require(accountId, baseId);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    // ---- labels (Chatwoot's /contacts/{id}/labels)

    public List<String> labels(long accountId, CurrentUser actor, long contactId) {
        accounts.requireMember(accountId, actor);
        require(accountId, contactId);
        return repository.labels(List.of(contactId)).getOrDefault(contactId, List.of());
    }

    /** Replaces the contact's labels, as Chatwoot's {@code POST /contacts/{id}/labels} does. */
    @Transactional
    public List<String> setLabels(long accountId, CurrentUser actor, long contactId, List<String> labels) {
        accounts.requireMember(accountId, actor);
        if (labels == null) {
            throw BatonException.invalid("labels", "required", "labels is required");
        }
        List<String> clean = labels("labels", labels);
        if (clean.size() > MAX_LABELS) {
            throw BatonException.invalid("labels", "length", "at most " + MAX_LABELS + " labels");
        }
        repository.lock(accountId, List.of(contactId)).stream().findFirst()
                .orElseThrow(() -> BatonException.notFound("Contact"));
        List<String> before = repository.labels(List.of(contactId)).getOrDefault(contactId, List.of());
        repository.replaceLabels(accountId, contactId, clean);
        List<String> after = repository.labels(List.of(contactId)).getOrDefault(contactId, List.of());
        List<String> added = after.stream().filter(l -> !before.contains(l)).toList();
        List<String> removed = before.stream().filter(l -> !after.contains(l)).toList();
        if (!added.isEmpty() || !removed.isEmpty()) {
            events.publishEvent(new ContactLabelsChanged(accountId, contactId, added, removed, actor.agentBotId()));
        }
        return after;
    }

    /** Several contacts' labels in one query. */
    public Map<Long, List<String>> labelsOf(Collection<Long> contactIds) {
        return repository.labels(contactIds);
    }

    /** Labels as conversations have them: 1 to 100 letters, digits, '-' or '_', stored in lower case. */
    static List<String> labels(String field, List<String> labels) {
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        for (String label : labels) {
            if (label == null || !label.strip().matches("[\\p{L}\\p{N}_-]{1,100}")) {
                throw BatonException.invalid(field, "format", "labels are 1 to 100 letters, digits, '-' or '_'");
            }
            clean.add(label.strip().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(clean);
    }

    /** The contact's identity in an inbox for agent-started conversations; created on first use. */
    @Transactional
    public ContactInbox contactInboxFor(long accountId, long contactId, long inboxId) {
        require(accountId, contactId);
        return repository.firstContactInbox(contactId, inboxId).orElseGet(() -> newContactInbox(contactId, inboxId, false));
    }

    // ---- visitors (public Client API; docs/adr/0022-identified-visitors.md)

    /** Who a visitor proved to be: a verified identifier, or a verified e-mail (identifier_hash over the e-mail). */
    private record Identity(String identifier, String email) {
        boolean any() {
            return identifier != null || email != null;
        }
    }

    /**
     * Creates a visitor in a public inbox. A verified identifier (or e-mail) joins the contact known by it;
     * where the inbox enforces verification, an unverified visitor is refused.
     */
    @Transactional
    public Visitor createVisitor(Inbox inbox, VisitorData data) {
        Identity identity = verify(inbox, data);
        ContactData fields = checked(inbox.accountId(), clean(new ContactData(data.name(), data.email(), data.phoneNumber(),
                null, null, data.customAttributes(), null)));
        Contact contact;
        if (identity.any()) {
            Optional<Contact> known = known(inbox.accountId(), identity, fields.email());
            contact = known.isPresent() ? mergeVisitor(known.get(), fields)
                    : insertVerified(inbox.accountId(), fields, identity);
        } else {
            contact = insertVisitor(inbox.accountId(), fields);
        }
        return new Visitor(contact, newContactInbox(contact.id(), inbox.id(), identity.any()));
    }

    /**
     * The website tells who the visitor is (Chatwoot's setUser). A verified identifier or e-mail of a known
     * contact merges the visitor's anonymous contact into it, with its conversations; a new one is written on
     * the visitor's contact. A visitor already identified as someone else stays who they are.
     */
    @Transactional
    public Visitor updateVisitor(Inbox inbox, ContactInbox visitor, VisitorData data) {
        Contact contact = require(inbox.accountId(), visitor.contactId());
        boolean claims = (data.identifier() != null && !data.identifier().isBlank() && !data.identifier().equals(contact.identifier()))
                || (data.identifierHash() != null && contact.identifier() == null);
        if (claims) {
            Identity identity = verify(inbox, data);
            if (!identity.any()) {
                throw new BatonException(ErrorCode.IDENTITY_VERIFICATION_FAILED);
            }
            if (identity.identifier() != null && contact.identifier() != null) {
                throw new BatonException(ErrorCode.IDENTIFIER_TAKEN);
            }
            contact = identify(inbox.accountId(), contact, identity, data.email());
            repository.markVerified(visitor.id());
        }
        ContactData fields = checked(inbox.accountId(), clean(new ContactData(data.name(), data.email(), data.phoneNumber(),
                null, null, data.customAttributes(), null)));
        return new Visitor(mergeVisitor(contact, fields), repository.contactInbox(visitor.id()).orElseThrow());
    }

    /** The contact the identity names: by verified identifier, else by (verified) e-mail of a contact without identifier. */
    private Optional<Contact> known(long accountId, Identity identity, String email) {
        if (identity.identifier() != null) {
            Optional<Contact> byIdentifier = repository.findByIdentifier(accountId, identity.identifier());
            if (byIdentifier.isPresent()) {
                return byIdentifier;
            }
        }
        String mail = identity.email() != null ? identity.email() : email;
        if (mail == null) {
            return Optional.empty();
        }
        return repository.findByEmail(accountId, mail).filter(c -> c.identifier() == null
                || c.identifier().equals(identity.identifier()));
    }

    /** Joins the visitor's contact to the known one, or writes the identity on it; a concurrent twin joins the winner. */
    private Contact identify(long accountId, Contact contact, Identity identity, String email) {
        String cleanEmail = email == null || email.isBlank() ? null : clean(new ContactData(null, email, null, null, null,
                null, null)).email();
        Optional<Contact> known = known(accountId, identity, cleanEmail).filter(k -> k.id() != contact.id());
        if (known.isPresent()) {
            return mergeInto(accountId, known.get().id(), contact.id());
        }
        try {
            Contact written = new Contact(contact.id(), accountId, contact.name(),
                    identity.email() != null ? identity.email() : contact.email(), contact.phoneNumber(),
                    identity.identifier() != null ? identity.identifier() : contact.identifier(), contact.avatarUrl(),
                    contact.customAttributes(), contact.additionalAttributes(), contact.lastActivityAt(), contact.createdAt());
            // No lock before: the update locks the row under its savepoint, and a refused update releases it.
            repository.update(written, clock.instant());
            return require(accountId, contact.id());
        } catch (ContactRepository.Taken e) {
            // Another session of the same person identified at the same moment and won: join it.
            Contact winner = known(accountId, identity, cleanEmail).filter(k -> k.id() != contact.id())
                    .orElseThrow(() -> new BatonException(ErrorCode.IDENTIFIER_TAKEN));
            return mergeInto(accountId, winner.id(), contact.id());
        }
    }

    /**
     * The visitor of a public request, if they may use the inbox now: where the inbox requires identity verification, a
     * visitor who was not
     * verified (created before it was switched on) is refused as any unverified visitor is, and starts over with a
     * verified identifier.
     */
    public ContactInbox publicVisitor(Inbox inbox, String sourceId) {
        ContactInbox visitor = visitor(inbox.id(), sourceId).orElseThrow(() -> BatonException.notFound("Contact"));
        if (inbox.hmacMandatory() && !visitor.hmacVerified()) {
            throw new BatonException(ErrorCode.IDENTITY_VERIFICATION_FAILED);
        }
        return visitor;
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

    /**
     * A visitor's answer to a question mapped to a contact field (a story's {@code contact_field}), in the caller's
     * transaction. Written when it is a valid value for the field; a contact identified by the website keeps the
     * values it has (only empty fields are filled), and an e-mail another contact uses is not taken over. Never
     * throws for a value it does not write: answers false.
     */
    @Transactional
    public boolean fillFromVisitor(long accountId, long contactId, ContactField field, String value) {
        Optional<Contact> found = repository.find(accountId, contactId);
        if (found.isEmpty() || value == null || value.isBlank()) {
            return false;
        }
        Contact contact = found.get();
        String current = switch (field) {
            case NAME -> contact.name();
            case EMAIL -> contact.email();
            case PHONE_NUMBER -> contact.phoneNumber();
        };
        if (contact.identifier() != null && current != null && !current.isBlank()) {
            return false;
        }
        try {
            ContactData d = clean(switch (field) {
                case NAME -> new ContactData(value, null, null, null, null, null, null);
                case EMAIL -> new ContactData(null, value, null, null, null, null, null);
                case PHONE_NUMBER -> new ContactData(null, null, value, null, null, null, null);
            });
            if (d.email() != null && repository.emailTaken(accountId, d.email(), contactId)) {
                return false;
            }
            merge(contact, d);
            return true;
        } catch (BatonException e) {
            return false; // not a valid value for the field (or taken meanwhile): the contact stays as it was
        }
    }

    /**
     * The contact was active now (a visitor message): its {@code last_activity_at} is written at most once per
     * {@link ContactActivity#WINDOW} by this node (docs/adr/0069).
     */
    @Transactional
    public void touch(long contactId) {
        Instant now = clock.instant();
        if (activity.due(contactId, now)) {
            repository.touch(contactId, now);
            dev.baton.shared.AfterCommit.run(() -> activity.wrote(contactId, now));
        }
    }

    private Identity verify(Inbox inbox, VisitorData data) {
        boolean hasIdentifier = data.identifier() != null && !data.identifier().isBlank();
        if (hasIdentifier && data.identifier().length() > 200) {
            throw BatonException.invalid("identifier", "length", "identifier must have at most 200 characters");
        }
        Identity identity = new Identity(null, null);
        if (hasIdentifier && IdentityVerification.verifies(inbox.hmacToken(), data.identifier(), data.identifierHash())) {
            identity = new Identity(data.identifier().strip(), null);
        } else if (!hasIdentifier && data.email() != null && !data.email().isBlank()) {
            String email = clean(new ContactData(null, data.email(), null, null, null, null, null)).email();
            if (IdentityVerification.verifies(inbox.hmacToken(), email, data.identifierHash())) {
                identity = new Identity(null, email);
            }
        }
        if (inbox.hmacMandatory() && !identity.any()) {
            throw new BatonException(ErrorCode.IDENTITY_VERIFICATION_FAILED);
        }
        if (data.identifierHash() != null && !identity.any()) {
            throw new BatonException(ErrorCode.IDENTITY_VERIFICATION_FAILED);
        }
        return identity;
    }

    /** A verified identity names one contact: when a concurrent visitor created it first, join that contact. */
    private Contact insertVerified(long accountId, ContactData fields, Identity identity) {
        ContactData withIdentity = new ContactData(fields.name(), identity.email() != null ? identity.email() : fields.email(),
                fields.phoneNumber(), identity.identifier(), null, fields.customAttributes(), null);
        try {
            return insertVisitor(accountId, withIdentity);
        } catch (BatonException e) {
            Optional<Contact> winner = known(accountId, identity, withIdentity.email());
            if (winner.isEmpty()) {
                throw e;
            }
            return mergeVisitor(winner.get(), fields);
        }
    }

    private Contact insertVisitor(long accountId, ContactData fields) {
        ContactData safe = withoutNulls(fields);
        if (fields.email() != null && repository.emailTaken(accountId, fields.email(), -1)) {
            // An unverified visitor may not take over a known e-mail: keep it as an unconfirmed hint.
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("unverified_email", fields.email());
            safe = new ContactData(fields.name(), null, fields.phoneNumber(), fields.identifier(), null,
                    safe.customAttributes(), extra);
        }
        try {
            return created(require(accountId, repository.insert(accountId, safe, clock.instant())));
        } catch (ContactRepository.Taken e) {
            throw new BatonException(ErrorCode.CONTACT_TAKEN);
        }
    }

    private Contact mergeVisitor(Contact contact, ContactData fields) {
        if (fields.email() != null && repository.emailTaken(contact.accountId(), fields.email(), contact.id())) {
            fields = new ContactData(fields.name(), null, fields.phoneNumber(), fields.identifier(), null,
                    fields.customAttributes(), fields.additionalAttributes());
        }
        return merge(contact, fields);
    }

    /** Applies the given fields (null keeps a value; a null custom attribute removes it). */
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
        if (same(updated, c)) {
            return c;
        }
        if (updated.email() != null && !updated.email().equals(c.email())
                && repository.emailTaken(c.accountId(), updated.email(), c.id())) {
            throw BatonException.invalid("email", "taken", "email is already used by another contact");
        }
        try {
            repository.update(updated, clock.instant());
        } catch (ContactRepository.Taken e) {
            throw BatonException.invalid("identifier", "taken", "identifier is already used by another contact");
        }
        ContactChanges.between(c, updated).ifPresent(events::publishEvent);
        return require(c.accountId(), c.id());
    }

    /** The same stored contact: attribute maps compared as the JSON they are stored as (12 is 12, Integer or Long). */
    static boolean same(Contact a, Contact b) {
        return a.id() == b.id() && java.util.Objects.equals(a.name(), b.name()) && java.util.Objects.equals(a.email(), b.email())
                && java.util.Objects.equals(a.phoneNumber(), b.phoneNumber())
                && java.util.Objects.equals(a.identifier(), b.identifier())
                && java.util.Objects.equals(a.avatarUrl(), b.avatarUrl())
                && JsonText.write(a.customAttributes()).equals(JsonText.write(b.customAttributes()))
                && JsonText.write(a.additionalAttributes()).equals(JsonText.write(b.additionalAttributes()));
    }

    /** Tells durable reactions (webhooks) about a new contact, in its transaction. */
    private Contact created(Contact contact) {
        events.publishEvent(new ContactCreated(contact.accountId(), contact.id()));
        return contact;
    }

    private ContactInbox newContactInbox(long contactId, long inboxId, boolean verified) {
        long id = repository.insertContactInbox(contactId, inboxId, UUID.randomUUID().toString(), Tokens.random(24),
                verified, clock.instant());
        return repository.contactInbox(id).orElseThrow();
    }

    /** The custom attributes checked against the account's definitions (canonical values). */
    private ContactData checked(long accountId, ContactData d) {
        Map<String, Object> custom = attributes.check(accountId, AttributeModel.CONTACT, d.customAttributes());
        return new ContactData(d.name(), d.email(), d.phoneNumber(), d.identifier(), d.avatarUrl(), custom,
                d.additionalAttributes());
    }

    /** A new contact stores no null attributes. */
    private static ContactData withoutNulls(ContactData d) {
        if (d.customAttributes() == null || !d.customAttributes().containsValue(null)) {
            return d;
        }
        Map<String, Object> custom = new LinkedHashMap<>(d.customAttributes());
        custom.values().removeIf(java.util.Objects::isNull);
        return new ContactData(d.name(), d.email(), d.phoneNumber(), d.identifier(), d.avatarUrl(), custom,
                d.additionalAttributes());
    }

    static ContactData clean(ContactData d) {
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
