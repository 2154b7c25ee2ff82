package dev.baton.conversation;

import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.contact.Contact;
import dev.baton.contact.ContactService;
import dev.baton.contact.ContactView;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Renders conversations and messages for agents and visitors. Lists are rendered with one query per
 * related table (contacts, agents, labels, last messages), never one per row.
 */
@Component
public class ConversationViews {

    private final ConversationRepository repository;
    private final ContactService contacts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final AttachmentRepository attachments;
    private final dev.baton.contact.VisitorPresence presence;
    private final String baseUrl;
    private final List<ExternalBots> externalBots;

    ConversationViews(ConversationRepository repository, ContactService contacts, AgentService agents, InboxService inboxes,
                      AttachmentRepository attachments, dev.baton.shared.BatonProperties properties,
                      dev.baton.contact.VisitorPresence presence, List<ExternalBots> externalBots) {
        this.externalBots = externalBots;
        this.repository = repository;
        this.presence = presence;
        this.attachments = attachments;
        String publicUrl = properties.publicUrl() == null ? "" : properties.publicUrl().strip();
        this.baseUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.contacts = contacts;
        this.agents = agents;
        this.inboxes = inboxes;
    }

    public Views.ConversationView conversation(Conversation c) {
        return conversations(c.accountId(), List.of(c)).getFirst();
    }

    public List<Views.ConversationView> conversations(long accountId, List<Conversation> list) {
        return conversations(accountId, list, null);
    }

    /** As seen by this agent: with what they may do now ({@code allowed_actions}, from the state machine). */
    public Views.ConversationView conversation(Conversation c, Actor viewer) {
        return conversations(c.accountId(), List.of(c), viewer).getFirst();
    }

    public List<Views.ConversationView> conversations(long accountId, List<Conversation> list, Actor viewer) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<Long> ids = list.stream().map(Conversation::id).toList();
        List<Message> lastMessages = repository.messagesByIds(list.stream().map(Conversation::lastMessageId)
                .filter(Objects::nonNull).toList());
        return conversations(accountId, list, viewer, new Related(repository.waitingSince(ids), lastMessages,
                attachmentsOf(lastMessages), repository.labels(ids), repository.participantsOf(ids)));
    }

    /**
     * A page of the list, as its reader sees it, with what was read with the page; the attachments of its last
     * messages only when some have any.
     */
    public List<Views.ConversationView> conversations(long accountId, ConversationQueries.ListResult result) {
        ConversationRepository.Page page = result.page();
        return conversations(accountId, page.conversations(), result.viewer(), new Related(page.waitingSince(),
                page.lastMessages(), page.lastMessagesWithFiles().isEmpty() ? Map.of()
                : attachments.byMessages(page.lastMessagesWithFiles()), page.labels(), page.participants()));
    }

    /** What the conversation feature's own tables hold for the rows being rendered. */
    private record Related(Map<Long, Instant> waiting, List<Message> lastMessages, Map<Long, List<Attachment>> files,
                           Map<Long, List<String>> labels, Map<Long, List<Long>> participants) {
    }

    /**
     * A fixed number of statements whatever the page's length: contacts, the agents (assignees, participants and last
     * messages' senders at once), the visitors (identity check and presence), inboxes; with {@code related} read
     * before.
     */
    private List<Views.ConversationView> conversations(long accountId, List<Conversation> list, Actor viewer,
                                                       Related related) {
        if (list.isEmpty()) {
            return List.of();
        }
        Map<Long, Contact> contactById = contacts.contacts(accountId, list.stream().map(Conversation::contactId).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(Contact::id, Function.identity()));
        Map<Long, List<Long>> participants = related.participants();
        List<Message> lastMessages = related.lastMessages();
        Set<Long> people = list.stream().map(Conversation::assigneeId).filter(Objects::nonNull).collect(Collectors.toSet());
        participants.values().forEach(people::addAll);
        people.addAll(senderIds(lastMessages, SenderType.USER));
        Map<Long, Agent> agentById = agentsById(accountId, people);
        Map<Long, List<String>> labels = related.labels();
        Map<Long, Instant> waiting = related.waiting();
        Map<Long, Message> lastByConversation = lastMessages.stream()
                .collect(Collectors.toMap(Message::conversationId, Function.identity(), (a, b) -> a));
        Map<Long, Long> inboxOf = list.stream().collect(Collectors.toMap(Conversation::id, Conversation::inboxId));
        Map<Long, Views.MessageView> renderedLast = messages(accountId, lastMessages, contactById, agentById, null,
                related.files(), inboxOf::get).stream()
                .collect(Collectors.toMap(Views.MessageView::conversationId, Function.identity(), (a, b) -> a));
        Map<Long, dev.baton.contact.VisitorPresence.Visitor> visitors = presence.visitors(list.stream()
                .map(Conversation::contactInboxId).collect(Collectors.toSet()));
        Map<Long, Inbox> inboxById = inboxes.byIds(list.stream().map(Conversation::inboxId).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(Inbox::id, Function.identity()));
        return list.stream().map(c -> {
            Inbox inbox = inboxById.get(c.inboxId());
            Agent assignee = c.assigneeId() == null ? null : agentById.get(c.assigneeId());
            Contact contact = contactById.get(c.contactId());
            var visitor = visitors.get(c.contactInboxId());
            var meta = new Views.ConversationMeta(contact == null ? null : ContactView.of(contact), assignee(assignee),
                    c.teamId() == null ? null : Map.of("id", c.teamId()), inbox.channelType().chatwootName(),
                    visitor != null && visitor.hmacVerified());
            Views.MessageView last = lastByConversation.containsKey(c.id()) ? renderedLast.get(c.id()) : null;
            return new Views.ConversationView(c.id(), c.accountId(), c.inboxId(), c.uuid(), c.chatwootStatus(),
                    c.owner().wire(), c.assigneeId(), c.teamId(), displayName(inbox, c, contact), meta,
                    labels.getOrDefault(c.id(), List.of()),
                    last == null ? List.of() : List.of(last), c.unreadCount(), epoch(c.lastActivityAt()),
                    epoch(c.createdAt()), epoch(c.lastActivityAt()), epoch(c.updatedAt()), epochOrNull(c.snoozedUntil()),
                    epochOrNull(c.contactLastSeenAt()), epochOrNull(c.agentLastSeenAt()), epochOrNull(c.firstReplyAt()),
                    c.additionalAttributes(), c.customAttributes(), c.priority(), c.lastSeq(), c.stateVersion(), true,
                    participants.getOrDefault(c.id(), List.of()).stream().map(agentById::get).filter(Objects::nonNull)
                            .map(a -> new Views.ParticipantView(a.id(), a.name(), a.availableName(), a.avatarUrl())).toList(),
                    epochOrNull(waiting.get(c.id())), visitor != null && visitor.online(),
                    viewer == null ? null : Transitions.allowedActions(ConversationState.of(c,
                            participants.getOrDefault(c.id(), List.of()), ConversationService.hasBot(inbox)), viewer));
        }).toList();
    }

    /** A conversation's messages for an agent. */
    public List<Views.MessageView> messagesOf(Conversation c, List<Message> messages) {
        return messages(c.accountId(), messages, Map.of(), null, null, attachmentsOf(messages), id -> c.inboxId());
    }

    /**
     * {@code knownAgents}, {@code knownBots}: the agents and external bots among the senders already read (null: read
     * them); {@code files}: their attachments.
     */
    private List<Views.MessageView> messages(long accountId, List<Message> messages, Map<Long, Contact> knownContacts,
                                             Map<Long, Agent> knownAgents, Map<Long, ExternalBots.Profile> knownBots,
                                             Map<Long, List<Attachment>> files, Function<Long, Long> inboxOfConversation) {
        Map<Long, Agent> agentById = knownAgents != null ? knownAgents : agentsById(accountId, senderIds(messages, SenderType.USER));
        Map<Long, ExternalBots.Profile> botById = knownBots != null ? knownBots : botsById(accountId, messages);
        Set<Long> missingContacts = new HashSet<>(senderIds(messages, SenderType.CONTACT));
        missingContacts.removeAll(knownContacts.keySet());
        Map<Long, Contact> contactById = new HashMap<>(knownContacts);
        contacts.contacts(accountId, missingContacts).forEach(c -> contactById.put(c.id(), c));
        return messages.stream().map(m -> new Views.MessageView(m.id(), m.content(), m.accountId(),
                inboxOfConversation.apply(m.conversationId()), m.conversationId(), m.type().code(), m.contentType(),
                m.contentAttributes(), m.isPrivate(), epoch(m.createdAt()), m.senderType().chatwootName(), m.senderId(),
                sender(m, agentById, contactById, botById, false), m.sourceId(), m.echoId(), m.seq(), "sent",
                files.getOrDefault(m.id(), List.of()).stream().map(a -> attachment(a,
                        baseUrl + "/api/v1/accounts/" + a.accountId() + "/attachments/" + a.id())).toList())).toList();
    }

    /** A message just written, as agents and (null when it is private or an activity) the visitor see it. */
    record Written(Views.MessageView forAgents, Views.PublicMessageView forVisitor) {
    }

    /**
     * Both views of a message just written, from one read of its sender, and of its attachments only when it was
     * written with some ({@code withFiles}).
     */
    Written written(Conversation c, Message m, boolean withFiles) {
        List<Message> one = List.of(m);
        Map<Long, Agent> agentById = agentsById(c.accountId(), senderIds(one, SenderType.USER));
        Map<Long, Contact> contactById = contactsById(c.accountId(), one);
        Map<Long, ExternalBots.Profile> botById = botsById(c.accountId(), one);
        Map<Long, List<Attachment>> files = withFiles ? attachmentsOf(one) : Map.of();
        Views.MessageView forAgents = messages(c.accountId(), one, contactById, agentById, botById, files, id -> c.inboxId())
                .getFirst();
        List<Views.PublicMessageView> forVisitor = publicMessages(one, agentById, contactById, botById, files);
        return new Written(forAgents, forVisitor.isEmpty() ? null : forVisitor.getFirst());
    }

    /** The visitor's view of what a send produced: the one written with it, or (a retry) read again. */
    public Views.PublicMessageView forVisitor(long accountId, Posted posted) {
        return posted.forVisitor() != null ? posted.forVisitor() : publicMessages(accountId, List.of(posted.message())).getFirst();
    }

    public List<Views.PublicMessageView> publicMessages(long accountId, List<Message> messages) {
        return publicMessages(messages, agentsById(accountId, senderIds(messages, SenderType.USER)),
                contactsById(accountId, messages), botsById(accountId, messages), attachmentsOf(visibleToVisitor(messages)));
    }

    /** What the widget shows: neither private notes nor activity messages. */
    private static List<Message> visibleToVisitor(List<Message> messages) {
        return messages.stream().filter(m -> !m.isPrivate() && m.type() != MessageType.ACTIVITY).toList();
    }

    private Map<Long, Contact> contactsById(long accountId, List<Message> messages) {
        return contacts.contacts(accountId, senderIds(messages, SenderType.CONTACT)).stream()
                .collect(Collectors.toMap(Contact::id, Function.identity()));
    }

    private List<Views.PublicMessageView> publicMessages(List<Message> messages, Map<Long, Agent> agentById,
                                                        Map<Long, Contact> contactById,
                                                        Map<Long, ExternalBots.Profile> botById,
                                                        Map<Long, List<Attachment>> files) {
        return visibleToVisitor(messages).stream()
                .map(m -> new Views.PublicMessageView(m.id(), m.content(), m.type().code(), m.contentType(),
                        m.contentAttributes(), epoch(m.createdAt()), m.conversationId(),
                        sender(m, agentById, contactById, botById, true), m.echoId(), m.seq(),
                        files.getOrDefault(m.id(), List.of()).stream()
                                .map(a -> attachment(a, baseUrl + "/public/attachments/" + a.accessToken())).toList()))
                .toList();
    }

    public Views.PublicConversationView publicConversation(Conversation c) {
        Contact contact = contacts.require(c.accountId(), c.contactId());
        List<Message> last = c.lastMessageId() == null ? List.of() : repository.messagesByIds(List.of(c.lastMessageId()));
        Agent assignee = c.assigneeId() == null ? null : agents.find(c.accountId(), c.assigneeId()).orElse(null);
        return new Views.PublicConversationView(c.id(), c.uuid(), c.inboxId(), c.chatwootStatus(), c.owner().wire(),
                epochOrNull(c.contactLastSeenAt()), epochOrNull(c.agentLastSeenAt()), publicMessages(c.accountId(), last),
                new Views.PublicContactView(contact.id(), contact.name(), contact.email(), contact.phoneNumber()),
                assignee == null ? null : new Views.AgentCard(assignee.id(), assignee.availableName(), assignee.avatarUrl()),
                c.lastSeq());
    }

    /** One query for the attachments of a whole list of messages. */
    private Map<Long, List<Attachment>> attachmentsOf(List<Message> messages) {
        return attachments.byMessages(messages.stream().filter(m -> m.type() != MessageType.ACTIVITY).map(Message::id).toList());
    }

    private static Views.AttachmentView attachment(Attachment a, String url) {
        return new Views.AttachmentView(a.id(), a.messageId(), a.fileType(), url, url, a.byteSize(), a.contentType());
    }

    private static Views.SenderView sender(Message m, Map<Long, Agent> agents, Map<Long, Contact> contacts,
                                           Map<Long, ExternalBots.Profile> bots, boolean forVisitor) {
        if (m.senderType() == SenderType.AGENT_BOT) {
            ExternalBots.Profile bot = m.senderId() == null ? null : bots.get(m.senderId());
            if (bot != null) {
                return new Views.SenderView(bot.id(), bot.name(), bot.name(), bot.avatarUrl(), bot.avatarUrl(), "agent_bot");
            }
            return new Views.SenderView(m.senderId() == null ? 0 : m.senderId(), "Bot", "Bot", null, null, "agent_bot");
        }
        if (m.senderId() == null) {
            return null;
        }
        return switch (m.senderType()) {
            case USER -> {
                Agent a = agents.get(m.senderId());
                yield a == null ? null : new Views.SenderView(a.id(), forVisitor ? a.availableName() : a.name(),
                        a.availableName(), a.avatarUrl(), a.avatarUrl(), "user");
            }
            case CONTACT -> {
                Contact c = contacts.get(m.senderId());
                yield c == null ? null : new Views.SenderView(c.id(), c.name(), c.name(), c.avatarUrl(), c.avatarUrl(), "contact");
            }
            case AGENT_BOT -> null; // answered above
            case SYSTEM -> null;
        };
    }

    private Map<Long, Agent> agentsById(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return agents.agents(accountId, ids).stream().collect(Collectors.toMap(Agent::id, Function.identity()));
    }

    /** The external bots that wrote some of these messages (one query; none for the built-in story's). */
    private Map<Long, ExternalBots.Profile> botsById(long accountId, List<Message> messages) {
        Set<Long> ids = senderIds(messages, SenderType.AGENT_BOT);
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, ExternalBots.Profile> found = new HashMap<>();
        externalBots.forEach(bots -> found.putAll(bots.profiles(accountId, ids)));
        return found;
    }

    private static Set<Long> senderIds(List<Message> messages, SenderType type) {
        return messages.stream().filter(m -> m.senderType() == type).map(Message::senderId)
                .filter(Objects::nonNull).collect(Collectors.toSet());
    }

    private static Views.AssigneeView assignee(Agent a) {
        return a == null ? null : new Views.AssigneeView(a.id(), a.name(), a.availableName(), a.avatarUrl(),
                a.avatarUrl(), a.email(), a.role().wire());
    }

    /**
     * The name agents see for the conversation's visitor, as the list shows it (an offer card's
     * {@code visitor_name}, the handoff e-mail): the inbox's pseudonym, else the contact's name. Two reads.
     */
    public String visitorName(Conversation c) {
        Contact contact = contacts.contacts(c.accountId(), List.of(c.contactId())).stream().findFirst().orElse(null);
        return inboxes.byId(c.inboxId()).map(inbox -> displayName(inbox, c, contact))
                .orElse(contact == null ? null : contact.name());
    }

    /** The inbox's pseudonym template over the story's variables (seed 001 A), else the contact's name. */
    private static String displayName(Inbox inbox, Conversation c, Contact contact) {
        String template = inbox.automation().pseudonymTemplate();
        if (template != null) {
            String name = dev.baton.shared.Templates.name(template, c.customAttributes());
            if (!name.isEmpty()) {
                return name;
            }
        }
        return contact == null ? null : contact.name();
    }

    static long epoch(Instant i) {
        return i == null ? 0 : i.getEpochSecond();
    }

    static Long epochOrNull(Instant i) {
        return i == null ? null : i.getEpochSecond();
    }
}
