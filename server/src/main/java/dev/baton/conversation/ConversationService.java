package dev.baton.conversation;

import dev.baton.account.Account;
import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.account.Membership;
import dev.baton.contact.Contact;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.inbox.ChannelType;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.shared.BatonException;
import dev.baton.shared.JsonText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every change of a conversation: messages, status, owner, assignee, labels. Each runs in one
 * transaction under the conversation's row lock, writes its activity message and its event-log
 * entries, and publishes {@link ConversationEventsAppended} for delivery after commit.
 */
@Service
public class ConversationService {

    /** A conversation started by an agent or an API client (Chatwoot's create payload). */
    public record NewConversation(Long inboxId, Long contactId, String sourceId, String status, Long assigneeId,
                                  Map<String, Object> additionalAttributes, Map<String, Object> customAttributes,
                                  MessageDraft message) {
    }

    /** Chatwoot's toggle_status answer. */
    public record StatusToggled(long conversationId, String currentStatus, Conversation conversation) {
    }

    private static final Set<String> CONTENT_TYPES = Set.of("text", "input_select", "input_email", "input_text",
            "input_textarea", "cards", "form", "article", "input_csat");
    private static final int MAX_ATTRIBUTES_JSON = 10_000;
    private static final int MAX_LABELS = 50;

    private final ConversationRepository repository;
    private final ConversationViews views;
    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final ContactService contacts;
    private final ActivityText activity;
    private final WrapUpReasons wrapUps;
    private final AttachmentRepository attachments;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;

    ConversationService(ConversationRepository repository, ConversationViews views, AccountService accounts,
                        AgentService agents, InboxService inboxes, ContactService contacts, ActivityText activity,
                        WrapUpReasons wrapUps, AttachmentRepository attachments, ApplicationEventPublisher events,
                        JsonMapper json, Clock clock) {
        this.wrapUps = wrapUps;
        this.attachments = attachments;
        this.repository = repository;
        this.views = views;
        this.accounts = accounts;
        this.agents = agents;
        this.inboxes = inboxes;
        this.contacts = contacts;
        this.activity = activity;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    // ---- opening

    @Transactional
    public Conversation open(long accountId, CurrentUser actor, NewConversation request) {
        Membership member = accounts.requireMember(accountId, actor);
        if (request.inboxId() == null) {
            throw BatonException.invalid("inbox_id", "required", "inbox_id is required");
        }
        Inbox inbox = inboxes.get(accountId, actor, request.inboxId());
        ContactInbox contactInbox;
        if (request.sourceId() != null) {
            contactInbox = contacts.visitor(inbox.id(), request.sourceId())
                    .orElseThrow(() -> BatonException.invalid("source_id", "unknown", "source_id names no contact of this inbox"));
        } else if (request.contactId() != null) {
            try {
                contactInbox = contacts.contactInboxFor(accountId, request.contactId(), inbox.id());
            } catch (BatonException e) {
                throw BatonException.invalid("contact_id", "unknown", "contact_id names no contact of this account");
            }
        } else {
            throw BatonException.invalid("contact_id", "required", "contact_id or source_id is required");
        }
        Owner owner = "pending".equals(request.status()) ? Owner.BOT : Owner.QUEUE;
        Long assignee = null;
        if (request.assigneeId() != null) {
            requireEligibleAssignee(accountId, inbox.id(), request.assigneeId());
            owner = Owner.AGENT;
            assignee = request.assigneeId();
        }
        checkAttributes("additional_attributes", request.additionalAttributes());
        checkAttributes("custom_attributes", request.customAttributes());
        Conversation c = insert(inbox, contactInbox, owner, assignee, request.additionalAttributes(), request.customAttributes());
        c = logConversation(c, "conversation.created", true);
        if (request.message() != null) {
            Account account = accounts.account(accountId);
            c = append(c, account, draft(account, request.message(), MessageType.OUTGOING), SenderType.USER, actor.id()).conversation;
            agents.recordMessage(accountId, actor.id());
        }
        return finish(c);
    }

    /** A visitor opens a conversation in a public inbox. */
    @Transactional
    public Conversation openForVisitor(Inbox inbox, ContactInbox visitor, Map<String, Object> customAttributes) {
        checkAttributes("custom_attributes", customAttributes);
        Owner owner = inbox.automation().storyId() != null ? Owner.BOT : Owner.QUEUE;
        Conversation c = insert(inbox, visitor, owner, null, Map.of(), customAttributes);
        c = finish(logConversation(c, "conversation.created", true));
        events.publishEvent(new ConversationOpened(c.accountId(), c.id(), c.inboxId(), owner));
        return c;
    }

    private Conversation insert(Inbox inbox, ContactInbox contactInbox, Owner owner, Long assignee,
                                Map<String, Object> additional, Map<String, Object> custom) {
        Instant now = clock.instant();
        Conversation draft = new Conversation(0, UUID.randomUUID().toString(), inbox.accountId(), inbox.id(),
                contactInbox.contactId(), contactInbox.id(), Status.OPEN, owner, assignee, null, null, 0, null, 0,
                additional == null ? Map.of() : additional, custom == null ? Map.of() : custom, null, null, null, now, now, now);
        long id = repository.insert(draft);
        return repository.lock(id).orElseThrow();
    }

    // ---- messages

    @Transactional
    public Posted postAsAgent(long accountId, CurrentUser actor, long conversationId, MessageDraft request) {
        return postAsAgent(accountId, actor, conversationId, request, List.of());
    }

    /** A message with images already stored by {@link Attachments#post}; content may then be empty. */
    @Transactional
    public Posted postAsAgent(long accountId, CurrentUser actor, long conversationId, MessageDraft request,
                              List<Attachments.Stored> files) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        Account account = accounts.account(accountId);
        MessageType type = MessageType.fromWire(request.messageType());
        Draft draft = draft(account, request, type, files);
        if (type == MessageType.INCOMING) {
            // Another system (an API channel) relays what the visitor wrote.
            Inbox inbox = inboxes.require(accountId, c.inboxId());
            if (inbox.channelType() != ChannelType.API) {
                throw BatonException.invalid("message_type", "inclusion", "incoming messages can only be created in API inboxes");
            }
            Appended result = appendIdempotent(c, account, draft, SenderType.CONTACT, c.contactId());
            return result.posted;
        }
        Appended result = appendIdempotent(c, account, draft, SenderType.USER, actor.id());
        if (result.posted.created()) {
            agents.recordMessage(accountId, actor.id());
        }
        return result.posted;
    }

    @Transactional
    public Posted postAsVisitor(ContactInbox visitor, long conversationId, MessageDraft request) {
        return postAsVisitor(visitor, conversationId, request, List.of());
    }

    /** A visitor's message with images already stored by {@link Attachments#post}; content may then be empty. */
    @Transactional
    public Posted postAsVisitor(ContactInbox visitor, long conversationId, MessageDraft request,
                                List<Attachments.Stored> files) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        Account account = accounts.account(c.accountId());
        Draft draft = draft(account, new MessageDraft(request.content(), "incoming", false, "text",
                request.contentAttributes(), request.echoId()), MessageType.INCOMING, files);
        Appended result = appendIdempotent(c, account, draft, SenderType.CONTACT, visitor.contactId());
        if (result.posted.created()) {
            contacts.touch(visitor.contactId());
            Message m = result.posted.message();
            events.publishEvent(new VisitorMessageReceived(c.accountId(), c.id(), c.inboxId(), m.id(), m.content(),
                    m.contentAttributes()));
        }
        return result.posted;
    }

    private record Draft(String content, MessageType type, boolean isPrivate, String contentType,
                         Map<String, Object> contentAttributes, String echoId, List<Attachments.Stored> files) {

        Draft(String content, MessageType type, boolean isPrivate, String contentType,
              Map<String, Object> contentAttributes, String echoId) {
            this(content, type, isPrivate, contentType, contentAttributes, echoId, List.of());
        }
    }

    private record Appended(Conversation conversation, Posted posted) {
    }

    private Appended appendIdempotent(Conversation c, Account account, Draft draft, SenderType sender, Long senderId) {
        if (draft.echoId() != null) {
            var existing = repository.messageByEcho(c.id(), draft.echoId());
            if (existing.isPresent()) {
                return new Appended(c, new Posted(existing.get(), false));
            }
        }
        Appended result = append(c, account, draft, sender, senderId);
        finish(c, result.conversation);
        return result;
    }

    /** Writes one message under the lock already held; reopens a closed conversation on a visitor message. */
    private Appended append(Conversation c, Account account, Draft draft, SenderType sender, Long senderId) {
        Instant now = clock.instant();
        if (draft.type() == MessageType.INCOMING && c.status() != Status.OPEN) {
            boolean wasResolved = c.status() == Status.RESOLVED;
            // A closed conversation the visitor writes to again goes to the bot when the inbox has one.
            boolean hasBot = inboxes.byId(c.inboxId()).map(i -> i.automation().storyId() != null).orElse(false);
            Owner reopenedOwner = hasBot ? Owner.BOT : Owner.QUEUE;
            c = c.withOwnership(Status.OPEN, wasResolved ? reopenedOwner : c.owner(), wasResolved ? null : c.assigneeId(),
                    c.teamId(), null);
            c = activity(c, account, "reopened_by_visitor");
            c = logConversation(c, "conversation.updated", true);
        }
        long seq = c.lastSeq() + 1;
        Message message = new Message(0, c.accountId(), c.id(), seq, draft.type(), draft.isPrivate(), draft.content(),
                draft.contentType(), draft.contentAttributes(), sender, senderId, draft.echoId(), null, now);
        long id = repository.insertMessage(message);
        for (Attachments.Stored file : draft.files()) {
            attachments.insert(c.accountId(), c.id(), id, file, now);
        }
        message = repository.message(c.id(), id).orElseThrow();
        boolean incoming = draft.type() == MessageType.INCOMING;
        boolean reply = !incoming && !draft.isPrivate() && sender == SenderType.USER;
        if (incoming) {
            repository.markWaiting(c.id(), now);
        } else if (!draft.isPrivate() && draft.type() != MessageType.ACTIVITY
                && (sender == SenderType.USER || sender == SenderType.AGENT_BOT)) {
            repository.clearWaiting(c.id()); // the bot's answer is an answer too (docs/adr/0013)
        }
        c = c.withSeq(seq).withActivity(draft.type() == MessageType.ACTIVITY ? c.lastMessageId() : Long.valueOf(id),
                incoming ? c.unreadCount() + 1 : c.unreadCount(),
                reply && c.firstReplyAt() == null ? now : c.firstReplyAt(), now);
        repository.appendEvent(c, seq, "message.created", write(views.messagesOf(c, List.of(message)).getFirst()),
                message.isPrivate() || message.type() == MessageType.ACTIVITY ? null
                        : write(views.publicMessages(c.accountId(), List.of(message)).getFirst()), now);
        return new Appended(c, new Posted(message, true));
    }

    private Draft draft(Account account, MessageDraft request, MessageType type) {
        return draft(account, request, type, List.of());
    }

    private Draft draft(Account account, MessageDraft request, MessageType type, List<Attachments.Stored> files) {
        String content = request.content();
        List<dev.baton.shared.FieldProblem> problems = new ArrayList<>();
        if (content == null || content.isBlank()) {
            if (files.isEmpty()) {
                throw new BatonException(HttpStatus.UNPROCESSABLE_CONTENT, "message_empty", "A message needs content",
                        List.of(new dev.baton.shared.FieldProblem("content", "required", "content is required")));
            }
            content = null; // attachments only, as Chatwoot stores it
        }
        int length = content == null ? 0 : content.codePointCount(0, content.length());
        if (length > account.maxMessageLength()) {
            throw new BatonException(HttpStatus.UNPROCESSABLE_CONTENT, "message_too_long",
                    "A message may have at most " + account.maxMessageLength() + " characters; this one has " + length,
                    List.of(new dev.baton.shared.FieldProblem("content", "length",
                            "must have at most " + account.maxMessageLength() + " characters")));
        }
        String contentType = request.contentType() == null ? "text" : request.contentType();
        if (!CONTENT_TYPES.contains(contentType)) {
            problems.add(new dev.baton.shared.FieldProblem("content_type", "inclusion", "content_type is not supported"));
        }
        String echo = request.echoId();
        if (echo != null && (echo.isBlank() || echo.length() > 100)) {
            problems.add(new dev.baton.shared.FieldProblem("echo_id", "length", "echo_id must have 1 to 100 characters"));
        }
        if (!problems.isEmpty()) {
            throw new BatonException(HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", "The message has invalid fields", problems);
        }
        checkAttributes("content_attributes", request.contentAttributes());
        return new Draft(content, type, Boolean.TRUE.equals(request.isPrivate()) && type == MessageType.OUTGOING,
                contentType, request.contentAttributes() == null ? Map.of() : request.contentAttributes(), echo, files);
    }

    // ---- status and owner

    /** 9999-12-31T23:59:59Z: later instants overflow {@link Instant} or the database's timestamps. */
    private static final long LATEST_SNOOZE_EPOCH_SECOND = 253_402_300_799L;

    @Transactional
    public StatusToggled toggleStatus(long accountId, CurrentUser actor, long conversationId, String status, Long snoozedUntil,
                                      Long wrapUpReasonId) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        Account account = accounts.account(accountId);
        String name = actorName(accountId, actor);
        String target = status == null ? (c.status() == Status.OPEN ? "resolved" : "open") : status;
        Conversation before = c;
        switch (target) {
            case "resolved" -> {
                if (c.status() != Status.RESOLVED) {
                    WrapUpReason reason = wrapUps.forResolving(accountId, account.wrapUpRequired(), wrapUpReasonId);
                    repository.setWrapUpReason(c.id(), reason == null ? null : reason.id());
                    c = c.withOwnership(Status.RESOLVED, c.owner(), c.assigneeId(), c.teamId(), null);
                    c = reason == null ? activity(c, account, "resolved", name)
                            : activity(c, account, "ended_with_reason", name, reason.name());
                }
            }
            case "open" -> {
                Owner owner = c.assigneeId() != null ? Owner.AGENT : Owner.QUEUE;
                if (c.status() != Status.OPEN) {
                    c = activity(c.withOwnership(Status.OPEN, owner, c.assigneeId(), c.teamId(), null), account, "reopened", name);
                } else if (c.owner() == Owner.BOT) {
                    c = activity(c.withOwnership(Status.OPEN, owner, c.assigneeId(), c.teamId(), null), account, "handed_to_people", name);
                }
            }
            case "pending" -> {
                if (c.owner() != Owner.BOT || c.status() != Status.OPEN) {
                    c = activity(c.withOwnership(Status.OPEN, Owner.BOT, null, c.teamId(), null), account, "handed_to_bot", name);
                }
            }
            case "snoozed" -> {
                if (snoozedUntil != null && snoozedUntil > LATEST_SNOOZE_EPOCH_SECOND) {
                    throw BatonException.invalid("snoozed_until", "range", "snoozed_until must be before the year 10000");
                }
                Instant until = snoozedUntil == null ? null : Instant.ofEpochSecond(snoozedUntil);
                if (until != null && !until.isAfter(clock.instant())) {
                    throw BatonException.invalid("snoozed_until", "range", "snoozed_until must be in the future");
                }
                if (c.status() != Status.SNOOZED || !java.util.Objects.equals(c.snoozedUntil(), until)) {
                    c = activity(c.withOwnership(Status.SNOOZED, c.owner(), c.assigneeId(), c.teamId(), until), account, "snoozed", name);
                }
            }
            default -> throw BatonException.invalid("status", "inclusion", "status must be open, resolved, pending or snoozed");
        }
        if (c != before) {
            c = finish(before, logConversation(c, "conversation.updated", true));
        }
        return new StatusToggled(c.id(), c.chatwootStatus(), c);
    }

    /** The visitor ends the conversation from the widget. */
    @Transactional
    public Conversation resolveByVisitor(ContactInbox visitor, long conversationId) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        if (c.status() == Status.RESOLVED) {
            return c;
        }
        Account account = accounts.account(c.accountId());
        Conversation before = c;
        c = activity(c.withOwnership(Status.RESOLVED, c.owner(), c.assigneeId(), c.teamId(), null), account, "resolved_by_visitor");
        return finish(before, logConversation(c, "conversation.updated", true));
    }

    /** Chatwoot's assignments: {@code assigneeId} null unassigns (the conversation goes back to the queue). */
    @Transactional
    public Conversation assign(long accountId, CurrentUser actor, long conversationId, Long assigneeId) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        Account account = accounts.account(accountId);
        String name = actorName(accountId, actor);
        if (java.util.Objects.equals(assigneeId, c.assigneeId())) {
            return c;
        }
        Conversation before = c;
        if (assigneeId == null) {
            c = activity(c.withOwnership(c.status(), c.owner() == Owner.AGENT ? Owner.QUEUE : c.owner(), null, c.teamId(),
                    c.snoozedUntil()), account, "unassigned", name);
        } else {
            Agent assignee = requireEligibleAssignee(accountId, c.inboxId(), assigneeId);
            c = c.withOwnership(c.status(), Owner.AGENT, assigneeId, c.teamId(), c.snoozedUntil());
            c = assigneeId == actor.id()
                    ? activity(c, account, "self_assigned", name)
                    : activity(c, account, "assigned", name, assignee.availableName());
        }
        return finish(before, logConversation(c, "conversation.updated", true));
    }

    /** Sets or clears the conversation's team; the caller has checked that the team belongs to the account. */
    @Transactional
    public Conversation assignTeam(long accountId, CurrentUser actor, long conversationId, Long teamId, String teamName) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        if (java.util.Objects.equals(teamId, c.teamId())) {
            return c;
        }
        Account account = accounts.account(accountId);
        String name = actorName(accountId, actor);
        c = c.withOwnership(c.status(), c.owner(), c.assigneeId(), teamId, c.snoozedUntil());
        c = teamId == null ? activity(c, account, "team_removed", name) : activity(c, account, "team_assigned", name, teamName);
        return finish(logConversation(c, "conversation.updated", false));
    }

    @Transactional
    public List<String> setLabels(long accountId, CurrentUser actor, long conversationId, List<String> labels) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        if (labels == null) {
            throw BatonException.invalid("labels", "required", "labels is required");
        }
        Set<String> clean = new LinkedHashSet<>();
        for (String label : labels) {
            if (label == null || !label.matches("[\\p{L}\\p{N}_-]{1,100}")) {
                throw BatonException.invalid("labels", "format",
                        "labels are 1 to 100 letters, digits, '-' or '_'");
            }
            clean.add(label.toLowerCase(java.util.Locale.ROOT));
        }
        if (clean.size() > MAX_LABELS) {
            throw BatonException.invalid("labels", "length", "at most " + MAX_LABELS + " labels");
        }
        repository.replaceLabels(c.id(), clean);
        finish(logConversation(c.touched(clock.instant()), "conversation.updated", false));
        return List.copyOf(repository.labels(List.of(c.id())).getOrDefault(c.id(), List.of()));
    }

    @Transactional
    public Conversation markReadByAgent(long accountId, CurrentUser actor, long conversationId) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        boolean hadUnread = c.unreadCount() > 0;
        c = c.withSeen(c.contactLastSeenAt(), clock.instant(), 0);
        if (hadUnread) {
            c = logConversation(c, "conversation.updated", false);
        }
        return finish(c);
    }

    @Transactional
    public void markSeenByVisitor(ContactInbox visitor, long conversationId) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        repository.updateState(c.withSeen(clock.instant(), c.agentLastSeenAt(), c.unreadCount()));
    }

    // ---- routing (system operations: the caller, routing, has checked who may do what)

    /** The conversation goes to a queue (a team, or its inbox's agents): no assignee, owner queue. */
    @Transactional
    public Conversation queue(long accountId, long conversationId, Long teamId, String activityKey, Object... args) {
        Conversation c = lockInAccount(accountId, conversationId);
        Conversation before = c;
        c = c.withOwnership(Status.OPEN, Owner.QUEUE, null, teamId, null);
        c = activity(c, accounts.account(accountId), activityKey, args);
        return finish(before, logConversation(c, "conversation.updated", true));
    }

    /** An agent gets the conversation (an accepted offer, a take, a supervisor's assignment). */
    @Transactional
    public Conversation assignTo(long accountId, long conversationId, long agentId, String activityKey, Object... args) {
        Conversation c = lockInAccount(accountId, conversationId);
        Conversation before = c;
        c = c.withOwnership(Status.OPEN, Owner.AGENT, agentId, c.teamId(), null);
        c = activity(c, accounts.account(accountId), activityKey, args);
        repository.removeParticipant(c.id(), agentId);
        return finish(before, logConversation(c, "conversation.updated", true));
    }

    // ---- bots (system operations: the bot feature decides)

    /** A message written by the built-in bot (sender type bot); up to the text ceiling, not the agents' limit. */
    @Transactional
    public Message postAsBot(long accountId, long conversationId, String content, String contentType,
                             Map<String, Object> contentAttributes) {
        Conversation c = lockInAccount(accountId, conversationId);
        Account account = accounts.account(accountId);
        String text = content == null || content.isBlank() ? "…" : content;
        Appended result = append(c, account, new Draft(text, MessageType.OUTGOING, false,
                contentType == null ? "text" : contentType, contentAttributes == null ? Map.of() : contentAttributes, null),
                SenderType.AGENT_BOT, null);
        finish(result.conversation);
        return result.posted.message();
    }

    /** An automatic private note for the agent (seed 001 L). */
    @Transactional
    public void botNote(long accountId, long conversationId, String text) {
        Conversation c = lockInAccount(accountId, conversationId);
        Account account = accounts.account(accountId);
        finish(append(c, account, new Draft(text, MessageType.OUTGOING, true, "text", Map.of(), null),
                SenderType.AGENT_BOT, null).conversation);
    }

    /** The bot has the hand again (after a handoff's outcome, a hand-back, or the visitor's "back to the bot"). */
    @Transactional
    public Conversation toBot(long accountId, long conversationId, String activityKey, Object... args) {
        Conversation c = lockInAccount(accountId, conversationId);
        if (c.owner() == Owner.BOT && c.status() == Status.OPEN) {
            return c;
        }
        Conversation before = c;
        c = c.withOwnership(Status.OPEN, Owner.BOT, null, c.teamId(), null);
        c = activity(c, accounts.account(accountId), activityKey, args);
        return finish(before, logConversation(c, "conversation.updated", true));
    }

    /** The bot's variables, shown to agents beside the conversation (merged into its custom attributes). */
    @Transactional
    public Conversation setVariables(long accountId, long conversationId, Map<String, Object> variables) {
        Conversation c = lockInAccount(accountId, conversationId);
        Map<String, Object> merged = new java.util.LinkedHashMap<>(c.customAttributes());
        merged.putAll(variables);
        checkAttributes("custom_attributes", merged);
        c = new Conversation(c.id(), c.uuid(), c.accountId(), c.inboxId(), c.contactId(), c.contactInboxId(), c.status(),
                c.owner(), c.assigneeId(), c.teamId(), c.snoozedUntil(), c.lastSeq(), c.lastMessageId(), c.unreadCount(),
                c.additionalAttributes(), merged, c.contactLastSeenAt(), c.agentLastSeenAt(), c.firstReplyAt(),
                c.lastActivityAt(), c.createdAt(), clock.instant());
        return finish(logConversation(c, "conversation.updated", false));
    }

    /** The story ended the conversation. */
    @Transactional
    public Conversation resolveBySystem(long accountId, long conversationId, String activityKey) {
        Conversation c = lockInAccount(accountId, conversationId);
        if (c.status() == Status.RESOLVED) {
            return c;
        }
        Conversation before = c;
        c = activity(c.withOwnership(Status.RESOLVED, c.owner(), c.assigneeId(), c.teamId(), null), accounts.account(accountId),
                activityKey);
        return finish(before, logConversation(c, "conversation.updated", true));
    }

    /** Writes an activity message only ("No agent was available", "Transfer to Anna was not accepted"). */
    @Transactional
    public Conversation note(long accountId, long conversationId, String activityKey, Object... args) {
        Conversation c = lockInAccount(accountId, conversationId);
        return finish(activity(c, accounts.account(accountId), activityKey, args));
    }

    /** A private note written on someone's behalf (the transferring agent's note for the next team). */
    @Transactional
    public void privateNote(long accountId, long conversationId, long authorId, String text) {
        Conversation c = lockInAccount(accountId, conversationId);
        Account account = accounts.account(accountId);
        String content = text.length() > account.maxMessageLength() ? text.substring(0, account.maxMessageLength()) : text;
        finish(append(c, account, new Draft(content, MessageType.OUTGOING, true, "text", Map.of(), null),
                SenderType.USER, authorId).conversation);
    }

    @Transactional
    public Conversation addParticipant(long accountId, long conversationId, long agentId, String agentName) {
        Conversation c = lockInAccount(accountId, conversationId);
        repository.addParticipant(c.id(), agentId, clock.instant());
        c = activity(c, accounts.account(accountId), "joined", agentName);
        return finish(logConversation(c, "conversation.updated", false));
    }

    @Transactional
    public Conversation removeParticipant(long accountId, long conversationId, long agentId, String agentName) {
        Conversation c = lockInAccount(accountId, conversationId);
        if (!repository.removeParticipant(c.id(), agentId)) {
            throw BatonException.notFound("Participant");
        }
        c = activity(c, accounts.account(accountId), "left", agentName);
        return finish(logConversation(c, "conversation.updated", false));
    }

    private Conversation lockInAccount(long accountId, long conversationId) {
        repository.find(accountId, conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
        return repository.lock(conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
    }

    // ---- typing (soft state: published, never logged)

    public void typingByAgent(long accountId, CurrentUser actor, long conversationId, String typingStatus, boolean isPrivate) {
        Conversation c = visible(accountId, actor, conversationId);
        Agent agent = agents.get(accountId, actor.id());
        events.publishEvent(new TypingChanged(accountId, c.id(), c.inboxId(), c.contactInboxId(), typingOn(typingStatus),
                "user", agent.id(), agent.availableName(), !isPrivate));
    }

    public void typingByVisitor(ContactInbox visitor, long conversationId, String typingStatus) {
        Conversation c = ownedByVisitor(visitor, conversationId);
        Contact contact = contacts.require(c.accountId(), c.contactId());
        events.publishEvent(new TypingChanged(c.accountId(), c.id(), c.inboxId(), c.contactInboxId(), typingOn(typingStatus),
                "contact", contact.id(), contact.name(), false));
    }

    private static boolean typingOn(String status) {
        if ("on".equals(status)) {
            return true;
        }
        if ("off".equals(status)) {
            return false;
        }
        throw BatonException.invalid("typing_status", "inclusion", "typing_status must be on or off");
    }

    // ---- access

    Conversation visible(long accountId, CurrentUser actor, long conversationId) {
        Membership member = accounts.requireMember(accountId, actor);
        Conversation c = repository.find(accountId, conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
        if (!inboxes.scope(member).includes(c.inboxId()) && !repository.isParticipant(c.id(), actor.id())) {
            throw BatonException.notFound("Conversation");
        }
        return c;
    }

    private Conversation lockVisible(long accountId, CurrentUser actor, long conversationId) {
        visible(accountId, actor, conversationId);
        return repository.lock(conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
    }

    Conversation ownedByVisitor(ContactInbox visitor, long conversationId) {
        Inbox inbox = inboxes.byId(visitor.inboxId()).orElseThrow(() -> BatonException.notFound("Conversation"));
        Conversation c = repository.find(inbox.accountId(), conversationId)
                .orElseThrow(() -> BatonException.notFound("Conversation"));
        if (c.contactInboxId() != visitor.id()) {
            throw BatonException.notFound("Conversation");
        }
        return c;
    }

    private Conversation lockOwnedByVisitor(ContactInbox visitor, long conversationId) {
        ownedByVisitor(visitor, conversationId);
        return repository.lock(conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
    }

    private Agent requireEligibleAssignee(long accountId, long inboxId, long userId) {
        Agent agent = agents.find(accountId, userId).orElseThrow(() ->
                BatonException.invalid("assignee_id", "unknown", "assignee_id names no agent of this account"));
        if (!agent.role().seesAllInboxes() && !inboxes.audience(accountId, inboxId).contains(userId)) {
            throw BatonException.invalid("assignee_id", "not_inbox_member", "The agent is not a member of this inbox");
        }
        return agent;
    }

    private String actorName(long accountId, CurrentUser actor) {
        return agents.find(accountId, actor.id()).map(Agent::availableName).orElse(actor.name());
    }

    // ---- writing

    /** Writes an activity message ("Assigned to Anna by Ben") under the lock already held. */
    private Conversation activity(Conversation c, Account account, String key, Object... args) {
        Draft draft = new Draft(activity.render(account.locale(), key, args), MessageType.ACTIVITY, false, "text",
                Map.of("activity", Map.of("key", key, "args", List.of(args))), null);
        return append(c, account, draft, SenderType.SYSTEM, null).conversation;
    }

    /** Logs the conversation's current state; {@code forVisitor} false keeps agent-only changes from the widget. */
    private Conversation logConversation(Conversation c, String type, boolean forVisitor) {
        long seq = c.lastSeq() + 1;
        Conversation next = c.withSeq(seq);
        repository.updateState(next);
        repository.appendEvent(next, seq, type, write(views.conversation(next)),
                forVisitor ? write(views.publicConversation(next)) : null, clock.instant());
        return next;
    }

    /** Finishes a change and tells listeners (routing) when status, owner or assignee moved. */
    private Conversation finish(Conversation before, Conversation after) {
        if (before.status() != after.status() || before.owner() != after.owner()
                || !java.util.Objects.equals(before.assigneeId(), after.assigneeId())) {
            events.publishEvent(new ConversationStateChanged(after.accountId(), after.id(), after.inboxId(),
                    after.contactInboxId(), before.status(), before.owner(), before.assigneeId(), after.status(),
                    after.owner(), after.assigneeId()));
        }
        return finish(after);
    }

    private Conversation finish(Conversation c) {
        repository.updateState(c);
        events.publishEvent(new ConversationEventsAppended(c.accountId(), c.id(), c.lastSeq()));
        return c;
    }

    private String write(Object payload) {
        return json.writeValueAsString(payload);
    }

    private static void checkAttributes(String field, Map<String, Object> attributes) {
        if (attributes != null && JsonText.write(attributes).length() > MAX_ATTRIBUTES_JSON) {
            throw BatonException.invalid(field, "length", field + " must be at most " + MAX_ATTRIBUTES_JSON + " characters as JSON");
        }
    }
}
