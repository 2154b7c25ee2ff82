package dev.baton.conversation;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.contact.ContactInbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.Paging;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Reads of conversations, messages and the event log; every read is scoped to what the caller may see. */
@Service
public class ConversationQueries {

    public static final int PAGE_SIZE = 25;
    public static final int MESSAGE_PAGE_SIZE = 20;
    private static final Set<String> STATUSES = Set.of("open", "resolved", "pending", "snoozed", "all");
    private static final Set<String> ASSIGNEE_TYPES = Set.of("me", "unassigned", "assigned", "all");

    /** The longest search text ({@code q}). */
    public static final int MAX_SEARCH_LENGTH = 200;

    /**
     * Chatwoot's list filters, Baton's {@code unread} ("true" or "false"), and Baton's {@code cursor}: the previous
     * page's {@code next_cursor}, for keyset paging (no row seen twice or skipped when conversations are added meanwhile).
     */
    public record ListFilter(String status, String assigneeType, Long inboxId, Long teamId, List<String> labels, Integer page,
                             String unread, String q, String cursor) {

        public ListFilter(String status, String assigneeType, Long inboxId, Long teamId, List<String> labels, Integer page) {
            this(status, assigneeType, inboxId, teamId, labels, page, null, null, null);
        }
    }

    /**
     * {@code nextCursor}: where the next page starts ({@code cursor}), null after the last page. {@code page} holds
     * what was read with the page's rows (waiting since, last messages, labels, participants) and {@code viewer} the
     * reader, so that rendering it does not ask again.
     */
    public record ListResult(ConversationRepository.Page page, long mineCount, long unassignedCount, long assignedCount,
                             long allCount, long unreadCount, String nextCursor, Actor viewer) {

        private static final ListResult NONE = new ListResult(ConversationRepository.Page.EMPTY, 0, 0, 0, 0, 0, null, null);

        ListResult(ConversationRepository.Page page, ConversationRepository.Counts counts, String nextCursor, Actor viewer) {
            this(page, counts.mine(), counts.unassigned(), counts.assigned(), counts.all(), counts.unread(), nextCursor, viewer);
        }

        public List<Conversation> conversations() {
            return page.conversations();
        }
    }

    private final ConversationRepository repository;
    private final ConversationService service;
    private final AccountService accounts;
    private final InboxService inboxes;
    private final dev.baton.contact.ContactService contacts;

    ConversationQueries(ConversationRepository repository, ConversationService service, AccountService accounts,
                        InboxService inboxes, dev.baton.contact.ContactService contacts) {
        this.contacts = contacts;
        this.repository = repository;
        this.service = service;
        this.accounts = accounts;
        this.inboxes = inboxes;
    }

    public ListResult list(long accountId, CurrentUser actor, ListFilter filter) {
        Paging paging = Paging.of(filter.page(), PAGE_SIZE);
        ConversationRepository.Cursor cursor = cursor(filter.cursor());
        if (cursor != null && filter.page() != null && filter.page() != 1) {
            throw BatonException.invalid("cursor", "exclusive", "send either page or cursor");
        }
        Membership member = accounts.requireMember(accountId, actor);
        ConversationRepository.Filter f = filter(member, actor, filter);
        if (f == null) {
            return ListResult.NONE;
        }
        ConversationRepository.Page page = repository.list(f, paging.size(), paging.offset(), cursor);
        Conversation last = page.conversations().size() < paging.size() ? null : page.conversations().getLast();
        String next = last == null ? null
                : ChronoUnit.MICROS.between(Instant.EPOCH, last.lastActivityAt()) + "_" + last.id();
        return new ListResult(page, page.counts() != null ? page.counts() : repository.counts(f), next,
                service.viewer(actor, member));
    }

    /** The list's counters ({@code meta}) alone, without a page of conversations. */
    public ListResult counts(long accountId, CurrentUser actor, ListFilter filter) {
        ConversationRepository.Filter f = filter(accounts.requireMember(accountId, actor), actor, filter);
        return f == null ? ListResult.NONE
                : new ListResult(ConversationRepository.Page.EMPTY, repository.counts(f), null, null);
    }

    /** The checked filter; null when the caller sees no inbox. */
    private ConversationRepository.Filter filter(Membership member, CurrentUser actor, ListFilter filter) {
        long accountId = member.accountId();
        String status = filter.status() == null ? "open" : filter.status();
        if (!STATUSES.contains(status)) {
            throw BatonException.invalid("status", "inclusion", "status must be open, resolved, pending, snoozed or all");
        }
        String assigneeType = filter.assigneeType() == null ? "all" : filter.assigneeType();
        if (!ASSIGNEE_TYPES.contains(assigneeType)) {
            throw BatonException.invalid("assignee_type", "inclusion", "assignee_type must be me, unassigned, assigned or all");
        }
        if (filter.labels() != null && filter.labels().size() > 20) {
            throw BatonException.invalid("labels", "length", "filter by at most 20 labels");
        }
        boolean unread = unread(filter.unread());
        String search = searchPattern(filter.q());
        InboxService.Scope scope = inboxes.scope(member);
        if (!scope.all() && scope.inboxIds().isEmpty()) {
            return null;
        }
        return new ConversationRepository.Filter(accountId, scope.all() ? null : scope.inboxIds(), status, assigneeType,
                actor.id(), filter.inboxId(), filter.teamId(),
                filter.labels() == null ? null : filter.labels().stream().map(l -> l.toLowerCase(java.util.Locale.ROOT)).toList(),
                unread, search);
    }

    /** {@code cursor}: "{last activity, microseconds since the epoch}_{id}" of the previous page's last row. */
    private static ConversationRepository.Cursor cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        int sep = value.indexOf('_');
        try {
            if (sep > 0 && value.length() <= 60) {
                long micros = Long.parseLong(value.substring(0, sep));
                long id = Long.parseLong(value.substring(sep + 1));
                return new ConversationRepository.Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
            }
        } catch (NumberFormatException | java.time.DateTimeException | ArithmeticException e) {
            // refused below
        }
        throw BatonException.invalid("cursor", "format", "cursor must be a next_cursor of this list");
    }

    private static boolean unread(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw BatonException.invalid("unread", "inclusion", "unread must be true or false");
    }

    /** {@code q} as a LIKE pattern (null: no search). Blank means no search, as in Chatwoot. */
    private static String searchPattern(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String text = q.strip();
        if (text.codePointCount(0, text.length()) > MAX_SEARCH_LENGTH) {
            throw BatonException.invalid("q", "length", "q must have at most " + MAX_SEARCH_LENGTH + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw BatonException.invalid("q", "format", "q must not contain control characters");
        }
        return "%" + text.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * A contact's conversations (Chatwoot's {@code GET /contacts/{id}/conversations}), newest first, paged,
     * only in the inboxes the caller sees. A contact of another account is not found.
     */
    public List<Conversation> contactConversations(long accountId, CurrentUser actor, long contactId, Integer page) {
        Membership member = accounts.requireMember(accountId, actor);
        contacts.require(accountId, contactId);
        Paging paging = Paging.of(page, PAGE_SIZE);
        InboxService.Scope scope = inboxes.scope(member);
        if (!scope.all() && scope.inboxIds().isEmpty()) {
            return List.of();
        }
        return repository.listForContact(accountId, contactId, scope.all() ? null : scope.inboxIds(), paging.size(),
                paging.offset());
    }

    public Conversation get(long accountId, CurrentUser actor, long conversationId) {
        return service.visible(accountId, actor, conversationId);
    }

    public List<Message> messages(long accountId, CurrentUser actor, long conversationId, Long before, Long after) {
        Conversation c = service.visible(accountId, actor, conversationId);
        return repository.messages(c.id(), before, after, true, MESSAGE_PAGE_SIZE);
    }

    public List<String> labels(long accountId, CurrentUser actor, long conversationId) {
        Conversation c = service.visible(accountId, actor, conversationId);
        return repository.labels(List.of(c.id())).getOrDefault(c.id(), List.of());
    }

    // ---- visitors

    public List<Conversation> visitorConversations(ContactInbox visitor) {
        return repository.listForVisitor(visitor.id(), 50);
    }

    /** The ids of each visitor's newest conversations (at most {@code limit} each, newest first), in one query. */
    public Map<Long, List<Long>> visitorsConversationIds(java.util.Collection<Long> contactInboxIds, int limit) {
        return contactInboxIds.isEmpty() ? Map.of() : repository.newestIdsForVisitors(contactInboxIds, limit);
    }

    public Conversation visitorConversation(ContactInbox visitor, long conversationId) {
        return service.ownedByVisitor(visitor, conversationId);
    }

    /** The visitor's view of the messages: never private notes. */
    public List<Message> visitorMessages(ContactInbox visitor, long conversationId, Long before, Long after) {
        Conversation c = service.ownedByVisitor(visitor, conversationId);
        return repository.messages(c.id(), before, after, false, MESSAGE_PAGE_SIZE);
    }

    // ---- routing

    /** Each agent's load: open conversations assigned to them or joined in a conference. */
    public java.util.Map<Long, Integer> load(long accountId, java.util.Collection<Long> userIds) {
        return repository.load(accountId, userIds);
    }

    /** The visitor (contact inbox) of each conversation, in one query: for notices to many waiting visitors at once. */
    public java.util.Map<Long, Long> contactInboxIds(long accountId, java.util.Collection<Long> conversationIds) {
        return repository.contactInboxIds(accountId, conversationIds);
    }

    public List<Long> participants(long conversationId) {
        return repository.participants(conversationId);
    }

    public List<Long> openAssignedTo(long accountId, long userId) {
        return repository.openAssignedTo(accountId, userId, 1000);
    }

    /** What the visitor wrote after message {@code afterId}, oldest first (the bot's answers to read). */
    public List<Message> visitorMessagesAfter(long conversationId, long afterId, int limit) {
        return repository.messages(conversationId, null, afterId, false, limit).stream()
                .filter(m -> m.type() == MessageType.INCOMING).toList();
    }

    /** The id of the visitor's newest message, 0 when there is none. */
    public long lastVisitorMessageId(long conversationId) {
        return repository.lastIncomingMessageId(conversationId);
    }

    /** The newest messages of a conversation for an offer card (notes included: the agent will see them anyway). */
    public List<Message> recentMessages(long conversationId, int limit) {
        return repository.messages(conversationId, null, null, true, limit);
    }

    /** Conversations of the account by id, in the order of {@code ids} (missing ones left out): one query. */
    public List<Conversation> byIds(long accountId, List<Long> ids) {
        java.util.Map<Long, Conversation> found = repository.byIds(accountId, ids).stream()
                .collect(java.util.stream.Collectors.toMap(Conversation::id, c -> c));
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    public Optional<Conversation> find(long accountId, long conversationId) {
        return repository.find(accountId, conversationId);
    }

    /** One message of a conversation, for a reaction that got its id in {@link MessageCreated} (webhooks). */
    public Optional<Message> message(long accountId, long conversationId, long messageId) {
        return repository.find(accountId, conversationId).flatMap(c -> repository.message(c.id(), messageId));
    }

    // ---- realtime

    public Optional<Conversation> byId(long accountId, long conversationId) {
        return repository.find(accountId, conversationId);
    }

    /** When the event log's entry {@code seq} was written (a transition's time, for reports). */
    public Optional<java.time.Instant> eventTime(long conversationId, long seq) {
        return repository.eventTime(conversationId, seq);
    }

    /** An agent's first public reply between two entries of the event log (exclusive), for first response times. */
    public Optional<Message> firstAgentReply(long conversationId, long afterSeq, long beforeSeq) {
        return repository.firstAgentReply(conversationId, afterSeq, beforeSeq);
    }

    /** Log entries after {@code seq}, oldest first, for delivery and resume. */
    public List<LoggedEvent> eventsSince(long conversationId, long seq, int limit) {
        return repository.eventsSince(conversationId, seq, java.time.Instant.EPOCH, limit);
    }

    /**
     * What a client that saw the conversation up to {@code seq} missed: the log entries after it, oldest first, at
     * most {@code limit}. {@code complete} is false when the client must reload the conversation over REST instead:
     * more was missed than {@code limit}, or the entries right after {@code seq} were trimmed from the log
     * ({@code baton.realtime.event-log-retention}); then no entry is given. The log has every seq of a conversation,
     * so a first entry after {@code seq + 1}, or none while the conversation is further on, means a trimmed one.
     */
    public Replay replay(long conversationId, long seq, int limit) {
        List<LoggedEvent> events = repository.eventsSince(conversationId, seq, java.time.Instant.EPOCH, limit);
        boolean trimmed = events.isEmpty() ? repository.lastSeq(conversationId) > seq : events.getFirst().seq() != seq + 1;
        return trimmed ? new Replay(List.of(), false) : new Replay(events, events.size() < limit);
    }

    /** The answer of {@link #replay}. */
    public record Replay(List<LoggedEvent> events, boolean complete) {
    }

    /** As {@link #eventsSince}, only entries written at or after {@code notBefore}. */
    public List<LoggedEvent> recentEventsSince(long conversationId, long seq, java.time.Instant notBefore, int limit) {
        return repository.eventsSince(conversationId, seq, notBefore, limit);
    }

    /** Whether an agent may see a conversation's events (for resume requests). */
    public boolean agentMaySee(long accountId, long userId, long conversationId) {
        Optional<Membership> member = accounts.membership(accountId, userId);
        Optional<Conversation> c = repository.find(accountId, conversationId);
        return member.isPresent() && c.isPresent() && inboxes.scope(member.get()).includes(c.get().inboxId());
    }
}
