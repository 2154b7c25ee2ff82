package dev.baton.conversation;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.contact.ContactInbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.Paging;
import java.util.List;
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

    /** Chatwoot's list filters. */
    public record ListFilter(String status, String assigneeType, Long inboxId, Long teamId, List<String> labels, Integer page) {
    }

    public record ListResult(List<Conversation> conversations, long mineCount, long unassignedCount, long assignedCount,
                             long allCount) {
    }

    private final ConversationRepository repository;
    private final ConversationService service;
    private final AccountService accounts;
    private final InboxService inboxes;

    ConversationQueries(ConversationRepository repository, ConversationService service, AccountService accounts,
                        InboxService inboxes) {
        this.repository = repository;
        this.service = service;
        this.accounts = accounts;
        this.inboxes = inboxes;
    }

    public ListResult list(long accountId, CurrentUser actor, ListFilter filter) {
        Membership member = accounts.requireMember(accountId, actor);
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
        Paging paging = Paging.of(filter.page(), PAGE_SIZE);
        InboxService.Scope scope = inboxes.scope(member);
        if (!scope.all() && scope.inboxIds().isEmpty()) {
            return new ListResult(List.of(), 0, 0, 0, 0);
        }
        var f = new ConversationRepository.Filter(accountId, scope.all() ? null : scope.inboxIds(), status, assigneeType,
                actor.id(), filter.inboxId(), filter.teamId(),
                filter.labels() == null ? null : filter.labels().stream().map(l -> l.toLowerCase(java.util.Locale.ROOT)).toList());
        ConversationRepository.Counts counts = repository.counts(f);
        return new ListResult(repository.list(f, paging.size(), paging.offset()), counts.mine(), counts.unassigned(),
                counts.assigned(), counts.all());
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

    public List<Long> participants(long conversationId) {
        return repository.participants(conversationId);
    }

    public List<Long> openAssignedTo(long accountId, long userId) {
        return repository.openAssignedTo(accountId, userId, 1000);
    }

    /** The newest messages of a conversation for an offer card (notes included: the agent will see them anyway). */
    public List<Message> recentMessages(long conversationId, int limit) {
        return repository.messages(conversationId, null, null, true, limit);
    }

    public Optional<Conversation> find(long accountId, long conversationId) {
        return repository.find(accountId, conversationId);
    }

    // ---- realtime

    public Optional<Conversation> byId(long accountId, long conversationId) {
        return repository.find(accountId, conversationId);
    }

    /** Log entries after {@code seq}, oldest first, for delivery and resume. */
    public List<LoggedEvent> eventsSince(long conversationId, long seq, int limit) {
        return repository.eventsSince(conversationId, seq, java.time.Instant.EPOCH, limit);
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
