package dev.baton.webhook;

import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.contact.Contact;
import dev.baton.contact.ContactInbox;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationViews;
import dev.baton.conversation.ExternalBots;
import dev.baton.conversation.Message;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.SenderType;
import dev.baton.conversation.Views;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.routing.TeamService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Renders what webhooks carry, in Chatwoot's webhook shapes ({@code webhook_data} of its conversations,
 * messages, contacts and contact inboxes; docs/webhooks.md#payloads), read fresh when the reaction runs.
 * Baton adds fields ({@code owner}, {@code uuid}, {@code seq}, ...); it renames none.
 */
@Component
public class Payloads {

    private static final DateTimeFormatter RAILS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ConversationQueries conversations;
    private final ConversationViews views;
    private final ContactService contacts;
    private final AccountService accounts;
    private final AgentService agents;
    private final InboxService inboxes;
    private final TeamService teams;
    private final List<ExternalBots> externalBots;

    Payloads(ConversationQueries conversations, ConversationViews views, ContactService contacts, AccountService accounts,
             AgentService agents, InboxService inboxes, TeamService teams, List<ExternalBots> externalBots) {
        this.externalBots = externalBots;
        this.conversations = conversations;
        this.views = views;
        this.contacts = contacts;
        this.accounts = accounts;
        this.agents = agents;
        this.inboxes = inboxes;
        this.teams = teams;
    }

    public Map<String, Object> account(long accountId) {
        return ordered("id", accountId, "name", accounts.account(accountId).name());
    }

    public Map<String, Object> inbox(long inboxId) {
        Inbox inbox = inboxes.byId(inboxId).orElseThrow();
        return ordered("id", inbox.id(), "name", inbox.name());
    }

    /** Chatwoot's {@code User#webhook_data}; null for an agent no longer in the account. */
    public Map<String, Object> user(long accountId, Long userId) {
        if (userId == null) {
            return null;
        }
        return agents.find(accountId, userId).map(a -> ordered("id", a.id(), "name", a.name(), "email", a.email(),
                "type", "user")).orElse(null);
    }

    public Optional<Conversation> findConversation(long accountId, long conversationId) {
        return conversations.find(accountId, conversationId);
    }

    /** Chatwoot's {@code Conversation#webhook_data} (its push data), plus Baton's owner, uuid and account. */
    public Map<String, Object> conversation(Conversation c) {
        Views.ConversationView v = views.conversation(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("additional_attributes", v.additionalAttributes());
        m.put("can_reply", v.canReply());
        m.put("channel", v.meta().channel());
        m.put("contact_inbox", contacts.contactInboxesByIds(Set.of(c.contactInboxId())).stream().findFirst()
                .map(ci -> ordered("id", ci.id(), "contact_id", ci.contactId(), "inbox_id", ci.inboxId(),
                        "source_id", ci.sourceId(), "hmac_verified", ci.hmacVerified()))
                .orElse(null));
        m.put("id", c.id());
        m.put("inbox_id", c.inboxId());
        m.put("messages", v.messages().stream().filter(msg -> !msg.isPrivate()).toList());
        m.put("labels", v.labels());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("sender", v.meta().sender());
        Agent assignee = c.assigneeId() == null ? null : agents.find(c.accountId(), c.assigneeId()).orElse(null);
        meta.put("assignee", assignee == null ? null : pushData(assignee));
        meta.put("assignee_type", assignee == null ? null : "User");
        meta.put("team", team(c.accountId(), c.teamId()));
        meta.put("hmac_verified", v.meta().hmacVerified());
        m.put("meta", meta);
        m.put("status", v.status());
        m.put("custom_attributes", v.customAttributes());
        m.put("snoozed_until", v.snoozedUntil());
        m.put("unread_count", v.unreadCount());
        m.put("first_reply_created_at", v.firstReplyCreatedAt());
        m.put("priority", null);
        m.put("waiting_since", v.waitingSince() == null ? 0 : v.waitingSince());
        m.put("agent_last_seen_at", v.agentLastSeenAt() == null ? 0 : v.agentLastSeenAt());
        m.put("contact_last_seen_at", v.contactLastSeenAt() == null ? 0 : v.contactLastSeenAt());
        m.put("last_activity_at", v.lastActivityAt());
        m.put("timestamp", v.timestamp());
        m.put("created_at", v.createdAt());
        m.put("updated_at", v.updatedAt());
        m.put("account_id", c.accountId());
        m.put("uuid", c.uuid());
        m.put("owner", v.owner());
        m.put("assignee_id", c.assigneeId());
        m.put("team_id", c.teamId());
        return m;
    }

    /** Chatwoot's {@code Message#webhook_data}; empty for activity lines, which Chatwoot does not send either. */
    public Optional<Map<String, Object>> message(long accountId, long conversationId, long messageId) {
        Optional<Conversation> found = conversations.find(accountId, conversationId);
        Optional<Message> message = conversations.message(accountId, conversationId, messageId);
        if (found.isEmpty() || message.isEmpty() || message.get().type() == MessageType.ACTIVITY) {
            return Optional.empty();
        }
        Conversation c = found.get();
        Message msg = message.get();
        Views.MessageView view = views.messagesOf(c, List.of(msg)).getFirst();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account(accountId));
        m.put("additional_attributes", Map.of());
        m.put("content_attributes", msg.contentAttributes());
        m.put("content_type", msg.contentType());
        m.put("content", msg.content());
        m.put("conversation", conversation(c));
        m.put("created_at", RAILS_TIME.format(msg.createdAt()));
        m.put("id", msg.id());
        m.put("inbox", inbox(c.inboxId()));
        m.put("message_type", msg.type().wire());
        m.put("private", msg.isPrivate());
        m.put("sender", sender(accountId, msg));
        m.put("source_id", msg.sourceId());
        if (!view.attachments().isEmpty()) {
            m.put("attachments", view.attachments().stream().map(a -> ordered("id", a.id(), "message_id", a.messageId(),
                    "file_type", a.fileType(), "account_id", accountId, "data_url", a.dataUrl(), "thumb_url", a.thumbUrl(),
                    "file_size", a.fileSize(), "content_type", a.contentType())).toList());
        }
        m.put("conversation_id", c.id());
        m.put("seq", msg.seq());
        return Optional.of(m);
    }

    private Map<String, Object> sender(long accountId, Message msg) {
        return switch (msg.senderType()) {
            case USER -> user(accountId, msg.senderId());
            case CONTACT -> msg.senderId() == null ? null : contact(accountId, msg.senderId()).map(c -> {
                Map<String, Object> withType = new LinkedHashMap<>(c);
                withType.put("type", "contact");
                return withType;
            }).orElse(null);
            case AGENT_BOT -> ordered("id", msg.senderId() == null ? 0 : msg.senderId(), "name", botName(accountId, msg.senderId()),
                    "type", "agent_bot");
            case SYSTEM -> null;
        };
    }

    private String botName(long accountId, Long botId) {
        if (botId == null) {
            return "Bot";
        }
        return externalBots.stream().map(bots -> bots.profiles(accountId, List.of(botId)).get(botId))
                .filter(java.util.Objects::nonNull).map(ExternalBots.Profile::name).findFirst().orElse("Bot");
    }

    /** Chatwoot's {@code Contact#webhook_data}; avatar and thumbnail are "" without a picture, as Chatwoot sends them. */
    public Optional<Map<String, Object>> contact(long accountId, long contactId) {
        List<Contact> found = contacts.contacts(accountId, List.of(contactId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Contact c = found.getFirst();
        String avatar = c.avatarUrl() == null ? "" : c.avatarUrl();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account(accountId));
        m.put("additional_attributes", c.additionalAttributes());
        m.put("avatar", avatar);
        m.put("custom_attributes", c.customAttributes());
        m.put("email", c.email());
        m.put("id", c.id());
        m.put("identifier", c.identifier());
        m.put("name", c.name());
        m.put("phone_number", c.phoneNumber());
        m.put("thumbnail", avatar);
        m.put("blocked", false);
        m.put("created_at", c.createdAt().getEpochSecond());
        return Optional.of(m);
    }

    /** Chatwoot's {@code ContactInbox#webhook_data}: the visitor in an inbox, with their latest conversation. */
    public Optional<Map<String, Object>> contactInbox(long accountId, long contactInboxId) {
        Optional<ContactInbox> found = contacts.contactInboxesByIds(Set.of(contactInboxId)).stream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ContactInbox ci = found.get();
        Conversation current = conversations.visitorConversations(ci).stream().findFirst().orElse(null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ci.id());
        m.put("contact", contact(accountId, ci.contactId()).orElse(null));
        m.put("inbox", inbox(ci.inboxId()));
        m.put("account", account(accountId));
        m.put("current_conversation", current == null ? null : conversation(current));
        m.put("source_id", ci.sourceId());
        return Optional.of(m);
    }

    /** Chatwoot's {@code User#push_event_data}, as conversations carry their assignee. */
    private static Map<String, Object> pushData(Agent a) {
        String avatar = a.avatarUrl() == null ? "" : a.avatarUrl();
        return ordered("id", a.id(), "name", a.name(), "available_name", a.availableName(), "avatar_url", avatar,
                "type", "user", "availability_status", a.availability().wire(), "thumbnail", avatar);
    }

    public Map<String, Object> team(long accountId, Long teamId) {
        if (teamId == null) {
            return null;
        }
        try {
            return ordered("id", teamId, "name", teams.require(accountId, teamId).name());
        } catch (RuntimeException gone) {
            return ordered("id", teamId, "name", null);
        }
    }

    static Long seconds(Instant i) {
        return i == null ? null : i.getEpochSecond();
    }

    /** A map that keeps its keys in order and takes null values. */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
