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
import dev.baton.shared.ErrorCode;
import dev.baton.shared.JsonText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
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
    private final UploadRemovals removals;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final List<ExternalBots> externalBots;

    ConversationService(ConversationRepository repository, ConversationViews views, AccountService accounts,
                        AgentService agents, InboxService inboxes, ContactService contacts, ActivityText activity,
                        WrapUpReasons wrapUps, AttachmentRepository attachments, UploadRemovals removals,
                        ApplicationEventPublisher events, JsonMapper json, Clock clock, List<ExternalBots> externalBots) {
        this.externalBots = externalBots;
        this.removals = removals;
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
        return openForVisitor(inbox, visitor, customAttributes, null);
    }

    @Transactional
    public Conversation openForVisitor(Inbox inbox, ContactInbox visitor, Map<String, Object> customAttributes, VisitorPage page) {
        return openForVisitor(inbox, visitor, customAttributes, page, null);
    }

    /**
     * A visitor opens a conversation in a public inbox, on a page the widget tells (null when unknown), in the
     * widget's language (null when it tells none; the story speaks it, ADR 0054).
     */
    @Transactional
    public Conversation openForVisitor(Inbox inbox, ContactInbox visitor, Map<String, Object> customAttributes, VisitorPage page,
                                       String language) {
        checkAttributes("custom_attributes", customAttributes);
        Owner owner = inbox.automation().hasBot() ? Owner.BOT : Owner.QUEUE;
        Map<String, Object> additional = new java.util.LinkedHashMap<>(page == null ? Map.of() : page.into(Map.of()));
        if (language != null && !language.isBlank()) {
            additional.put(Conversation.LANGUAGE, languageTag(language));
        }
        Conversation c = insert(inbox, visitor, owner, null, additional, customAttributes);
        c = finish(logConversation(c, "conversation.created", true));
        events.publishEvent(new ConversationOpened(c.accountId(), c.id(), c.inboxId(), owner));
        return c;
    }

    /** A language tag as browsers give it ("de", "de-CH"): letters, digits and hyphens, at most 35 characters. */
    private static String languageTag(String language) {
        String tag = language.strip();
        if (tag.length() > 35 || !tag.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")) {
            throw BatonException.invalid("language", "format", "language is a language tag such as de or de-CH");
        }
        return tag;
    }

    private Conversation insert(Inbox inbox, ContactInbox contactInbox, Owner owner, Long assignee,
                                Map<String, Object> additional, Map<String, Object> custom) {
        Instant now = clock.instant();
        Conversation draft = new Conversation(0, UUID.randomUUID().toString(), inbox.accountId(), inbox.id(),
                contactInbox.contactId(), contactInbox.id(), Status.OPEN, owner, assignee, null, false, 0, null, 0, null, 0,
                additional == null ? Map.of() : additional, custom == null ? Map.of() : custom, null, null, null, now, now, now, null);
        long id = repository.insert(draft);
        events.publishEvent(new ConversationCreated(inbox.accountId(), id, inbox.id(), contactInbox.contactId(), owner));
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
        Account account = accounts.cachedAccount(accountId);
        MessageType type = MessageType.fromWire(request.messageType());
        Draft draft = draft(account, request, type, files);
        if (type == MessageType.INCOMING) {
            // Another system (an API channel) relays what the visitor wrote.
            Inbox inbox = inboxes.require(accountId, c.inboxId());
            if (inbox.channelType() != ChannelType.API) {
                throw BatonException.invalid("message_type", "inclusion", "incoming messages can only be created in API inboxes");
            }
            Appended result = appendIdempotent(c, account, draft, SenderType.CONTACT, c.contactId());
            if (result.posted.created() && result.conversation.owner() == Owner.BOT) {
                Message m = result.posted.message();
                events.publishEvent(new VisitorMessageReceived(c.accountId(), c.id(), c.inboxId(), m.id(), m.seq()));
            }
            return result.posted;
        }
        if (actor.isBot()) {
            // An external bot answers (lockVisible checked that it has the thread); its messages are the bot's.
            return appendIdempotent(c, account, draft, SenderType.AGENT_BOT, actor.agentBotId()).posted;
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
        return postAsVisitor(visitor, conversationId, request, files, false);
    }

    /**
     * A visitor's answer to a follow-up mail (channel/email): as {@link #postAsVisitor}, but a closed conversation
     * reopens for the people, never for the bot, whose story the visitor, away from the widget, would not see.
     */
    @Transactional
    public Posted answerByMail(ContactInbox visitor, long conversationId, MessageDraft request) {
        return postAsVisitor(visitor, conversationId, request, List.of(), true);
    }

    private Posted postAsVisitor(ContactInbox visitor, long conversationId, MessageDraft request,
                                 List<Attachments.Stored> files, boolean reopenToPeople) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        Account account = accounts.cachedAccount(c.accountId());
        Draft draft = draft(account, new MessageDraft(request.content(), "incoming", false, "text",
                request.contentAttributes(), request.echoId()), MessageType.INCOMING, files);
        if (reopenToPeople) {
            draft = draft.reopeningToPeople();
        }
        Appended result = appendIdempotent(c, account, draft, SenderType.CONTACT, visitor.contactId());
        if (result.posted.created()) {
            contacts.touch(visitor.contactId());
            Message m = result.posted.message();
            if (result.conversation.owner() == Owner.BOT) {
                events.publishEvent(new VisitorMessageReceived(c.accountId(), c.id(), c.inboxId(), m.id(), m.seq()));
            }
        }
        return result.posted;
    }

    /** {@code reopenToPeople}: a closed conversation this visitor message reopens goes to people, not the bot. */
    private record Draft(String content, MessageType type, boolean isPrivate, String contentType,
                         Map<String, Object> contentAttributes, String echoId, List<Attachments.Stored> files,
                         boolean reopenToPeople) {

        Draft(String content, MessageType type, boolean isPrivate, String contentType,
              Map<String, Object> contentAttributes, String echoId) {
            this(content, type, isPrivate, contentType, contentAttributes, echoId, List.of(), false);
        }

        Draft reopeningToPeople() {
            return new Draft(content, type, isPrivate, contentType, contentAttributes, echoId, files, true);
        }
    }

    /** {@code waiting}: what the message does to {@code waiting_since}, written with the conversation's row. */
    private record Appended(Conversation conversation, Posted posted, ConversationRepository.Waiting waiting) {
    }

    private Appended appendIdempotent(Conversation c, Account account, Draft draft, SenderType sender, Long senderId) {
        if (draft.echoId() != null && c.status() != Status.OPEN) {
            // A repeat must not reopen what it finds closed: look before the transition (rare; an open
            // conversation's repeat is found by the insert itself, docs/adr/0069).
            var existing = repository.messageByEcho(c.id(), draft.echoId());
            if (existing.isPresent()) {
                return repeated(c, existing.get());
            }
        }
        Appended result = append(c, account, draft, sender, senderId);
        if (result.posted.created()) {
            finish(result.conversation, result.waiting, result.posted.message().createdAt());
        }
        return result;
    }

    private static Appended repeated(Conversation c, Message first) {
        return new Appended(c, new Posted(first, false, null), ConversationRepository.Waiting.KEEP);
    }

    /**
     * Writes one message under the lock already held; reopens a closed conversation on a visitor message. A message
     * whose {@code echo_id} the conversation already has is not written: the answer is the first one, not created.
     */
    private Appended append(Conversation c, Account account, Draft draft, SenderType sender, Long senderId) {
        // The database keeps microseconds: the message built here is then the row it wrote, and is not read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (draft.type() == MessageType.INCOMING && c.status() != Status.OPEN) {
            // A closed conversation the visitor writes to again goes to the bot when the inbox has one.
            c = transition(c, Actor.visitor(c.contactId()), new Transition.Reopen(null, draft.reopenToPeople()));
        }
        long seq = c.lastSeq() + 1;
        Message message = new Message(0, c.accountId(), c.id(), seq, draft.type(), draft.isPrivate(), draft.content(),
                draft.contentType(), draft.contentAttributes(), sender, senderId, draft.echoId(), null, now);
        java.util.OptionalLong inserted = repository.insertMessage(message);
        if (inserted.isEmpty()) {
            // Under the conversation's lock only a committed first try holds the echo_id; anything else is a bug.
            Conversation unchanged = c;
            return repository.messageByEcho(c.id(), draft.echoId()).map(first -> repeated(unchanged, first))
                    .orElseThrow(() -> new IllegalStateException("message insert refused without a repeated echo_id"));
        }
        long id = inserted.getAsLong();
        for (Attachments.Stored file : draft.files()) {
            attachments.insert(c.accountId(), c.id(), id, file, now);
        }
        message = message.withId(id);
        events.publishEvent(new MessageCreated(c.accountId(), c.id(), c.inboxId(), id, seq, message.type(),
                message.senderType(), message.senderId(), message.isPrivate(), c.teamId(), message.createdAt()));
        boolean incoming = draft.type() == MessageType.INCOMING;
        boolean reply = !incoming && !draft.isPrivate() && sender == SenderType.USER;
        ConversationRepository.Waiting waiting = incoming ? ConversationRepository.Waiting.MARK
                : !draft.isPrivate() && draft.type() != MessageType.ACTIVITY
                        && (sender == SenderType.USER || sender == SenderType.AGENT_BOT)
                        ? ConversationRepository.Waiting.CLEAR // the bot's answer is an answer too (docs/adr/0013)
                        : ConversationRepository.Waiting.KEEP;
        c = c.withSeq(seq).withActivity(draft.type() == MessageType.ACTIVITY ? c.lastMessageId() : Long.valueOf(id),
                incoming ? c.unreadCount() + 1 : c.unreadCount(),
                reply && c.firstReplyAt() == null ? now : c.firstReplyAt(), now);
        ConversationViews.Written view = views.written(c, message, !draft.files().isEmpty());
        repository.appendEvent(c, seq, "message.created", write(view.forAgents()),
                view.forVisitor() == null ? null : write(view.forVisitor()), now);
        return new Appended(c, new Posted(message, true, view.forVisitor()), waiting);
    }

    private Draft draft(Account account, MessageDraft request, MessageType type) {
        return draft(account, request, type, List.of());
    }

    private Draft draft(Account account, MessageDraft request, MessageType type, List<Attachments.Stored> files) {
        String content = request.content();
        List<dev.baton.shared.FieldProblem> problems = new ArrayList<>();
        if (content == null || content.isBlank()) {
            if (files.isEmpty()) {
                throw new BatonException(ErrorCode.MESSAGE_EMPTY,
                        List.of(new dev.baton.shared.FieldProblem("content", "required", "content is required")));
            }
            content = null; // attachments only, as Chatwoot stores it
        }
        int length = content == null ? 0 : content.codePointCount(0, content.length());
        if (length > account.maxMessageLength()) {
            throw new BatonException(ErrorCode.MESSAGE_TOO_LONG,
                    List.of(new dev.baton.shared.FieldProblem("content", "length",
                            "must have at most " + account.maxMessageLength() + " characters")),
                    account.maxMessageLength(), length);
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
            throw BatonException.invalid(problems);
        }
        checkAttributes("content_attributes", request.contentAttributes());
        return new Draft(content, type, Boolean.TRUE.equals(request.isPrivate()) && type == MessageType.OUTGOING,
                contentType, request.contentAttributes() == null ? Map.of() : request.contentAttributes(), echo, files, false);
    }

    // ---- transitions: the one way status, owner, assignee, team and participants change (ARCHITECTURE.md 3)

    /** 9999-12-31T23:59:59Z: later instants overflow {@link Instant} or the database's timestamps. */
    private static final long LATEST_SNOOZE_EPOCH_SECOND = 253_402_300_799L;

    /** An agent or API user asks: visibility first (a foreign id is a 404), then the state machine decides. */
    @Transactional
    public Conversation applyAsAgent(long accountId, CurrentUser user, long conversationId, Transition transition) {
        return applyAsAgent(accountId, user, conversationId, transition, null);
    }

    /**
     * As above, for an agent who acted on what they saw: {@code seenVersion} is the conversation's
     * {@code state_version} then, and a transition since (someone else's) refuses it with 409
     * {@code conversation_changed}, so that of two people acting at once exactly one wins. Null: no check
     * (API clients).
     */
    @Transactional
    public Conversation applyAsAgent(long accountId, CurrentUser user, long conversationId, Transition transition,
                                     Long seenVersion) {
        Conversation c = lockVisible(accountId, user, conversationId);
        requireSeen(c, seenVersion);
        return transition(c, actorFor(accountId, user), transition);
    }

    private static void requireSeen(Conversation c, Long seenVersion) {
        if (seenVersion != null && seenVersion != c.stateVersion()) {
            throw new BatonException(ErrorCode.CONVERSATION_CHANGED);
        }
    }

    /** The visitor asks (ends the chat, goes back to the bot). */
    @Transactional
    public Conversation applyAsVisitor(ContactInbox visitor, long conversationId, Transition transition) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        return transition(c, Actor.visitor(visitor.contactId()), transition);
    }

    /**
     * As {@link #applyAsVisitor(ContactInbox, long, Transition)}, with the transition chosen from the locked state (the
     * visitor's handoff names the queue the conversation is in): found, owned and locked in one read.
     */
    @Transactional
    public Conversation applyAsVisitor(ContactInbox visitor, long conversationId,
                                       java.util.function.Function<ConversationState, Transition> choose) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        ConversationState before = state(c);
        return transition(c, before, Actor.visitor(visitor.contactId()), choose.apply(before));
    }

    /** Routing, bots and the system name their actor; the caller has checked the account. */
    @Transactional
    public Conversation apply(long accountId, long conversationId, Actor actor, Transition transition) {
        return transition(lockInAccount(accountId, conversationId), actor, transition);
    }

    /** As {@link #apply}, with the transition chosen from the locked state. */
    @Transactional
    public Conversation apply(long accountId, long conversationId, Actor actor,
                              java.util.function.Function<ConversationState, Transition> choose) {
        Conversation c = lockInAccount(accountId, conversationId);
        ConversationState before = state(c);
        Transition t = choose.apply(before);
        return t == null ? c : transition(c, before, actor, t);
    }

    /**
     * For routing's sweeps and outcomes: applies the transition when the state machine allows it, and answers
     * empty (writing nothing, the surrounding transaction intact) when it refuses.
     */
    @Transactional
    public java.util.Optional<Conversation> applyIfAllowed(long accountId, long conversationId, Actor actor, Transition t) {
        Conversation c = lockInAccount(accountId, conversationId);
        if (!Transitions.decide(state(c), t, actor).allowed()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(transition(c, actor, t));
    }

    /** The agent as the state machine sees them: supervising when administrator or supervisor. */
    public Actor actorFor(long accountId, CurrentUser user) {
        if (user.isBot()) {
            accounts.requireMember(accountId, user);
            return Actor.bot(user.agentBotId(), user.name());
        }
        Membership member = accounts.requireMember(accountId, user);
        return Actor.agent(user.id(), actorName(accountId, user), member.role().seesAllInboxes());
    }

    /**
     * The reader of a list, for its {@code allowed_actions}: {@link #actorFor} from the membership already read,
     * without its display name, which only the activity lines of a transition show.
     */
    Actor viewer(CurrentUser user, Membership member) {
        return user.isBot() ? Actor.bot(user.agentBotId(), user.name())
                : Actor.agent(user.id(), user.name(), member.role().seesAllInboxes());
    }

    /** The state the machine decides on; under the lock when a transition is applied. */
    ConversationState state(Conversation c) {
        boolean bot = inboxes.byId(c.inboxId()).map(ConversationService::hasBot).orElse(false);
        return ConversationState.of(c, repository.participants(c.id()), bot);
    }

    /** Decides on the locked row and writes all that follows: the state, the activity line, the log and the events. */
    private Conversation transition(Conversation c, Actor actor, Transition t) {
        return transition(c, state(c), actor, t);
    }

    /** As above, from the locked state already read (a transition chosen from it). */
    private Conversation transition(Conversation c, ConversationState before, Actor actor, Transition t) {
        Decision decision = Transitions.decide(before, t, actor);
        if (decision instanceof Decision.Refused refused) {
            throw new BatonException(refused.code(), refused.args().toArray());
        }
        if (!(decision instanceof Decision.Allowed allowed)) {
            return c;
        }
        ConversationState next = allowed.next();
        Instant now = clock.instant();
        for (Long gone : before.participants()) {
            if (!next.participants().contains(gone)) {
                repository.removeParticipant(c.id(), gone);
            }
        }
        for (Long joined : next.participants()) {
            if (!before.participants().contains(joined)) {
                repository.addParticipant(c.id(), joined, now);
            }
        }
        Conversation after = c.withState(next.status(), next.owner(), next.assigneeId(), next.teamId(), next.handoffOpen(),
                next.snoozedUntil());
        after = activity(after, accounts.account(c.accountId()), allowed.activityKey(), allowed.activityArgs().toArray());
        // The widget follows status and owner; team and participants are the agents' business.
        boolean forVisitor = before.status() != next.status() || before.owner() != next.owner()
                || !java.util.Objects.equals(before.assigneeId(), next.assigneeId());
        after = logConversation(after, "conversation.updated", forVisitor);
        events.publishEvent(new ConversationStateChanged(c.accountId(), c.id(), c.inboxId(), c.contactInboxId(),
                after.lastSeq(), t.name(), actor.wire(), actor.id(), before.status(), before.owner(), before.assigneeId(),
                before.teamId(), before.handoffOpen(), next.status(), next.owner(), next.assigneeId(), next.teamId(),
                next.handoffOpen()));
        if (!before.handoffOpen() && next.handoffOpen()) {
            events.publishEvent(queued(after, actor, t));
        }
        // The row is as logConversation wrote it: the listeners above read it, none writes it (ADR 0073).
        events.publishEvent(new ConversationEventsAppended(after.accountId(), after.id(), after.lastSeq()));
        return after;
    }

    /** What routing needs to record the handoff that the transition opened. */
    private static ConversationQueued queued(Conversation c, Actor actor, Transition t) {
        Long requestedBy = actor.kind() == Actor.Kind.AGENT ? actor.id() : null;
        String reason = switch (actor.kind()) {
            case BOT -> "bot";
            case VISITOR -> "visitor";
            default -> null;
        };
        String summary = null;
        Long target = null;
        switch (t) {
            case Transition.HandOff h -> {
                reason = h.reason() != null ? h.reason() : reason;
                summary = h.summary();
                target = h.targetAgentId();
            }
            case Transition.TransferToTeam tt -> {
                reason = "transfer";
                summary = tt.note();
            }
            case Transition.Requeue r -> reason = "agent_offline";
            case Transition.ReopenToQueue rq -> reason = "reopened";
            default -> { }
        }
        return new ConversationQueued(c.accountId(), c.id(), c.inboxId(), c.teamId(), target, reason, summary, requestedBy,
                c.pageUrl());
    }

    /** Chatwoot's toggle_status: open, resolved (with a wrap-up reason), pending (to the bot) or snoozed. */
    @Transactional
    public StatusToggled toggleStatus(long accountId, CurrentUser user, long conversationId, String status, Long snoozedUntil,
                                      Long wrapUpReasonId, Long seenVersion) {
        Conversation c = lockVisible(accountId, user, conversationId);
        requireSeen(c, seenVersion);
        Actor actor = actorFor(accountId, user);
        Account account = accounts.account(accountId);
        String target = status == null ? (c.status() == Status.OPEN ? "resolved" : "open") : status;
        WrapUpReason reason = null;
        Transition t = switch (target) {
            case "resolved" -> {
                if (c.status() != Status.RESOLVED && !user.isBot()) {
                    reason = wrapUps.forResolving(accountId, account.wrapUpRequired(), wrapUpReasonId);
                }
                yield new Transition.Resolve(reason == null ? null : reason.name());
            }
            // An agent who reopens a closed chat takes it; from the bot, "open" hands it to people (Chatwoot's bots).
            case "open" -> c.status() != Status.OPEN ? new Transition.Reopen(user.isBot() ? null : user.id())
                    : new Transition.Open(null);
            case "pending" -> new Transition.ToBot();
            case "snoozed" -> new Transition.Snooze(snoozeUntil(snoozedUntil));
            default -> throw BatonException.invalid("status", "inclusion", "status must be open, resolved, pending or snoozed");
        };
        Conversation after = transition(c, actor, t);
        if (reason != null && after.status() == Status.RESOLVED && c.status() != Status.RESOLVED) {
            repository.setWrapUpReason(c.id(), reason.id());
        }
        return new StatusToggled(after.id(), after.chatwootStatus(), after);
    }

    private Instant snoozeUntil(Long snoozedUntil) {
        if (snoozedUntil != null && snoozedUntil > LATEST_SNOOZE_EPOCH_SECOND) {
            throw BatonException.invalid("snoozed_until", "range", "snoozed_until must be before the year 10000");
        }
        Instant until = snoozedUntil == null ? null : Instant.ofEpochSecond(snoozedUntil);
        if (until != null && !until.isAfter(clock.instant())) {
            throw BatonException.invalid("snoozed_until", "range", "snoozed_until must be in the future");
        }
        return until;
    }

    /**
     * Chatwoot's assignments: to oneself (take), to another agent (administrators and supervisors), or null
     * to unassign. Capacity is routing's to check; it calls this inside its transaction.
     */
    @Transactional
    public Conversation assign(long accountId, CurrentUser user, long conversationId, Long assigneeId, Long seenVersion) {
        Conversation c = lockVisible(accountId, user, conversationId);
        requireSeen(c, seenVersion);
        Actor actor = actorFor(accountId, user);
        if (assigneeId == null) {
            return transition(c, actor, new Transition.Unassign());
        }
        Agent assignee = requireEligibleAssignee(accountId, c.inboxId(), assigneeId);
        Transition.Via via = !user.isBot() && assigneeId == user.id() ? Transition.Via.TAKE : Transition.Via.ASSIGN;
        return transition(c, actor, new Transition.Assign(assigneeId, assignee.availableName(), via, actor.name()));
    }

    /** Sets or clears the conversation's team; the caller has checked that the team belongs to the account. */
    @Transactional
    public Conversation assignTeam(long accountId, CurrentUser user, long conversationId, Long teamId, String teamName,
                                   Long seenVersion) {
        return applyAsAgent(accountId, user, conversationId, new Transition.SetTeam(teamId, teamName), seenVersion);
    }

    /** Whether the inbox has a bot a conversation can go (back) to. */
    static boolean hasBot(Inbox inbox) {
        return inbox.automation().hasBot();
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

    // ---- bots and routing: messages and notes written on someone's behalf

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
        finish(result.conversation, result.waiting, result.posted.message().createdAt());
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

    /**
     * The visitor went to another page (the widget tells it): agents see it, and a handoff from now on is matched
     * against it by page rules. Telling the same page again changes nothing.
     */
    @Transactional
    public Conversation pageViewed(ContactInbox visitor, long conversationId, VisitorPage page) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        if (page.shownIn(c.additionalAttributes())) {
            return c;
        }
        c = c.withAdditionalAttributes(page.into(c.additionalAttributes()), clock.instant());
        repository.updateAdditionalAttributes(c.id(), c.additionalAttributes());
        return finish(logConversation(c, "conversation.updated", false));
    }

    /** The bot's variables, shown to agents beside the conversation (merged into its custom attributes). */
    @Transactional
    public Conversation setVariables(long accountId, long conversationId, Map<String, Object> variables) {
        Conversation c = lockInAccount(accountId, conversationId);
        Map<String, Object> merged = new java.util.LinkedHashMap<>(c.customAttributes());
        merged.putAll(variables);
        checkAttributes("custom_attributes", merged);
        c = c.withCustomAttributes(merged, clock.instant());
        return finish(logConversation(c, "conversation.updated", false));
    }

    /**
     * An agent changes custom attributes (already checked against their definitions by {@link ConversationAttributes}):
     * the given keys are set, a null value removes its key, the others (the bot's variables too) stay.
     */
    @Transactional
    public Conversation setCustomAttributes(long accountId, CurrentUser actor, long conversationId, Map<String, Object> changes) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        Map<String, Object> merged = new java.util.LinkedHashMap<>(c.customAttributes());
        merged.putAll(changes);
        merged.values().removeIf(java.util.Objects::isNull);
        checkAttributes("custom_attributes", merged);
        c = c.withCustomAttributes(merged, clock.instant());
        return finish(logConversation(c, "conversation.updated", false));
    }

    /**
     * Chatwoot's message delete: the message stays in its place, its text becomes "This message was deleted",
     * {@code content_attributes.deleted} is {@code true}, its images are deleted (the files after commit).
     * Activity lines cannot be deleted. Agents and visitors see the change as {@code message.updated}.
     */
    @Transactional
    public Message deleteMessage(long accountId, CurrentUser actor, long conversationId, long messageId) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        Message m = repository.message(c.id(), messageId).orElseThrow(() -> BatonException.notFound("Message"));
        if (m.type() == MessageType.ACTIVITY) {
            throw BatonException.invalid("message_id", "inclusion", "activity messages cannot be deleted");
        }
        removals.schedule(attachments.deleteOf(m.id()));
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(m.contentAttributes());
        attributes.put("deleted", true);
        repository.updateMessage(m.id(), DELETED_TEXT, "text", attributes);
        return changed(c, m, true, actor.agentBotId());
    }

    /**
     * Changes a message's {@code content_attributes} (merged; a null removes a key), and the text of the caller's own
     * message. Agents and visitors see the change as {@code message.updated}.
     */
    @Transactional
    public Message updateMessage(long accountId, CurrentUser actor, long conversationId, long messageId, String content,
                                 Map<String, Object> contentAttributes) {
        Conversation c = lockVisible(accountId, actor, conversationId);
        Message m = repository.message(c.id(), messageId).orElseThrow(() -> BatonException.notFound("Message"));
        if (m.type() == MessageType.ACTIVITY || Boolean.TRUE.equals(m.contentAttributes().get("deleted"))) {
            throw BatonException.invalid("message_id", "inclusion", "activity and deleted messages cannot be changed");
        }
        String text = m.content();
        if (content != null) {
            if (m.senderType() != SenderType.USER || !Long.valueOf(actor.id()).equals(m.senderId())) {
                throw BatonException.forbidden("the author", "change a message's text");
            }
            text = draft(accounts.account(accountId), new MessageDraft(content, null, false, m.contentType(), null, null),
                    m.type()).content();
        }
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(m.contentAttributes());
        if (contentAttributes != null) {
            attributes.putAll(contentAttributes);
            attributes.values().removeIf(java.util.Objects::isNull);
        }
        repository.updateMessage(m.id(), text, m.contentType(), attributes);
        return changed(c, m, false, actor.agentBotId());
    }

    /**
     * Chatwoot's public {@code PATCH .../messages/{id}}: the visitor answers a bot's or agent's form (or choice) by
     * setting its {@code content_attributes.submitted_values}; the bot hears it as {@code message_updated}.
     */
    @Transactional
    public Message submitByVisitor(ContactInbox visitor, long conversationId, long messageId, Object submittedValues) {
        Conversation c = lockOwnedByVisitor(visitor, conversationId);
        Message m = repository.message(c.id(), messageId).orElseThrow(() -> BatonException.notFound("Message"));
        if (m.isPrivate()) throw BatonException.notFound("Message");
        if (m.type() != MessageType.OUTGOING && m.type() != MessageType.TEMPLATE) {
            throw BatonException.invalid("message_id", "inclusion", "only a bot's or agent's message can be answered");
        }
        if (!(submittedValues instanceof List<?> || submittedValues instanceof Map<?, ?>)) {
            throw BatonException.invalid("submitted_values", "blank", "submitted_values must be a list or an object");
        }
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(m.contentAttributes());
        attributes.put("submitted_values", submittedValues);
        checkAttributes("submitted_values", attributes);
        repository.updateMessage(m.id(), m.content(), m.contentType(), attributes);
        return changed(c, m, false, null);
    }

    static final String DELETED_TEXT = "This message was deleted";

    /** Logs the changed message for both audiences (the visitor's only where they see it) and tells the others. */
    private Message changed(Conversation c, Message before, boolean deleted, Long agentBotId) {
        Message m = repository.message(c.id(), before.id()).orElseThrow();
        long seq = c.lastSeq() + 1;
        c = c.withSeq(seq);
        repository.appendEvent(c, seq, "message.updated", write(views.messagesOf(c, List.of(m)).getFirst()),
                m.isPrivate() ? null : write(views.publicMessages(c.accountId(), List.of(m)).getFirst()), clock.instant());
        events.publishEvent(new MessageUpdated(c.accountId(), c.id(), c.inboxId(), m.id(), seq, deleted, m.isPrivate(), agentBotId));
        finish(c);
        return m;
    }

    private static final java.util.Set<String> PRIORITIES = java.util.Set.of("low", "medium", "high", "urgent");

    /**
     * Chatwoot's {@code toggle_priority}: {@code low}, {@code medium}, {@code high}, {@code urgent}, or {@code none}
     * (or null) for none. Not a change of owner or status, so not a transition; agents see {@code conversation.updated}.
     */
    @Transactional
    public Conversation setPriority(long accountId, CurrentUser actor, long conversationId, String priority) {
        String value = priority == null || priority.equals("none") ? null : priority;
        if (value != null && !PRIORITIES.contains(value)) {
            throw BatonException.invalid("priority", "inclusion", "priority must be low, medium, high, urgent or none");
        }
        Conversation c = lockVisible(accountId, actor, conversationId);
        if (java.util.Objects.equals(c.priority(), value)) {
            return c;
        }
        c = c.withPriority(value, clock.instant());
        repository.updatePriority(c.id(), value, c.updatedAt());
        return finish(logConversation(c, "conversation.updated", false));
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

    /** Found and locked in one read: the lock takes only a row of the account (ADR 0073). */
    private Conversation lockInAccount(long accountId, long conversationId) {
        return repository.lock(accountId, conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
    }

    /** The visitor ends the conversation from the widget. */
    @Transactional
    public Conversation resolveByVisitor(ContactInbox visitor, long conversationId) {
        return applyAsVisitor(visitor, conversationId, new Transition.Resolve(null));
    }

    // ---- typing (soft state: published, never logged)

    public void typingByAgent(long accountId, CurrentUser actor, long conversationId, String typingStatus, boolean isPrivate) {
        Conversation c = visible(accountId, actor, conversationId);
        if (actor.isBot()) {
            requireControl(c, actor);
            events.publishEvent(new TypingChanged(accountId, c.id(), c.inboxId(), c.contactInboxId(), typingOn(typingStatus),
                    "agent_bot", actor.agentBotId(), actor.name(), !isPrivate));
            return;
        }
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
        Conversation c = repository.lock(conversationId).orElseThrow(() -> BatonException.notFound("Conversation"));
        if (actor.isBot()) {
            requireControl(c, actor);
        }
        return c;
    }

    /** An external bot changes only conversations whose thread it has (read under the lock when it writes). */
    private void requireControl(Conversation c, CurrentUser bot) {
        boolean controls = c.owner() == Owner.BOT
                && externalBots.stream().anyMatch(bots -> bots.controls(bot.agentBotId(), c));
        if (!controls) {
            throw new BatonException(ErrorCode.NOT_OWNED_BY_BOT);
        }
    }

    Conversation ownedByVisitor(ContactInbox visitor, long conversationId) {
        return ownedByVisitor(visitor, conversationId, false);
    }

    /**
     * Locked: found and locked in one read; a conversation of another visitor of the account is then locked for the
     * moment it takes to answer 404.
     */
    private Conversation lockOwnedByVisitor(ContactInbox visitor, long conversationId) {
        return ownedByVisitor(visitor, conversationId, true);
    }

    private Conversation ownedByVisitor(ContactInbox visitor, long conversationId, boolean lock) {
        Inbox inbox = inboxes.byId(visitor.inboxId()).orElseThrow(() -> BatonException.notFound("Conversation"));
        Conversation c = (lock ? repository.lock(inbox.accountId(), conversationId) : repository.find(inbox.accountId(), conversationId))
                .orElseThrow(() -> BatonException.notFound("Conversation"));
        if (c.contactInboxId() != visitor.id()) {
            throw BatonException.notFound("Conversation");
        }
        return c;
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

    private Conversation finish(Conversation c) {
        return finish(c, ConversationRepository.Waiting.KEEP, null);
    }

    private Conversation finish(Conversation c, ConversationRepository.Waiting waiting, Instant since) {
        repository.updateState(c, waiting, since);
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
