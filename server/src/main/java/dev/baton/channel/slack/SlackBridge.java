package dev.baton.channel.slack;

import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.contact.ContactService;
import dev.baton.conversation.Attachments;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.Message;
import dev.baton.conversation.MessageCreated;
import dev.baton.conversation.MessageDraft;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.Owner;
import dev.baton.conversation.SenderType;
import dev.baton.conversation.Status;
import dev.baton.routing.HandoffEnded;
import dev.baton.routing.HandoffRequested;
import dev.baton.routing.RoutingService;
import dev.baton.shared.AfterCommit;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bridge between Baton's routing and a Slack workspace (docs/slack.md). Slack is one more way to answer a
 * handoff: the request is posted to the inbox's request channel in the transaction that starts the handoff (as a
 * queued call), Accept and Decline answer the handoff through routing under its lock, with the same deadline and
 * outcomes as the web workspace. Every Slack call is written to the {@code slack_call} outbox in the transaction
 * of the change that causes it and sent after commit by {@link SlackCallWorker}.
 */
@Service
class SlackBridge {

    private static final Logger log = LoggerFactory.getLogger(SlackBridge.class);

    /** Who is answering a handoff from Slack on this thread, so that the handoff's end is described right. */
    private static final ThreadLocal<String> ANSWERING = new ThreadLocal<>();

    static final String ACCEPT = "lc_accept";
    static final String DECLINE = "lc_decline";
    static final String END = "lc_end";
    static final String BOT = "lc_bot";

    private final SlackRepository repository;
    private final SlackConnections connections;
    private final SlackAccounts slackAccounts;
    private final RoutingService routing;
    private final ConversationQueries queries;
    private final ContactService contacts;
    private final AgentService agents;
    private final SlackCallWorker worker;
    private final Attachments attachments;
    private final SlackToVisitor toVisitor;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Clock clock;

    SlackBridge(SlackRepository repository, SlackConnections connections, SlackAccounts slackAccounts, RoutingService routing,
                ConversationQueries queries, ContactService contacts, AgentService agents,
                SlackCallWorker worker, Attachments attachments, SlackToVisitor toVisitor, PlatformTransactionManager transactions,
                JsonMapper json, Clock clock) {
        this.repository = repository;
        this.connections = connections;
        this.slackAccounts = slackAccounts;
        this.routing = routing;
        this.queries = queries;
        this.contacts = contacts;
        this.agents = agents;
        this.worker = worker;
        this.attachments = attachments;
        this.toVisitor = toVisitor;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.clock = clock;
    }

    // ---- Baton → Slack, in the transactions of the changes

    /**
     * A handoff started: with an active connection and a request channel, the request goes to Slack too: the team's
     * connection for a handoff routed to a team that has one, else the inbox's.
     */
    @EventListener
    void on(HandoffRequested e) {
        Optional<SlackRepository.Connection> ofTeam = e.teamId() == null ? Optional.empty()
                : repository.connectionOf(SlackRepository.Holder.team(e.teamId())).filter(SlackBridge::usable);
        ofTeam.or(() -> repository.connectionOf(SlackRepository.Holder.inbox(e.inboxId())).filter(SlackBridge::usable)).ifPresent(c -> {
                    repository.insertRequest(e.handoffId(), c.id(), e.accountId(), e.conversationId(), c.requestChannelId(),
                            clock.instant());
                    queue(c.id(), "conversation:" + e.conversationId(), SlackCallWorker.POST_REQUEST, request(e));
                });
    }

    /** A handoff ended (in Baton, or answered from Slack): the request message says how, without buttons. */
    @EventListener
    void on(HandoffEnded e) {
        repository.lockRequest(e.handoffId()).filter(r -> SlackRepository.Request.PENDING.equals(r.state())).ifPresent(r -> {
            String slackUser = ANSWERING.get();
            boolean fromSlack = slackUser != null;
            String state = fromSlack && "handled".equals(e.outcome()) ? SlackRepository.Request.ACCEPTED
                    : SlackRepository.Request.CLOSED;
            repository.settleRequest(r.handoffId(), state, slackUser);
            if (fromSlack && "handled".equals(e.outcome())) {
                return; // the room's creation updates the request once the channel exists
            }
            String text = switch (e.outcome()) {
                case "handled" -> "Taken by " + agents.find(e.accountId(), e.agentId() == null ? 0 : e.agentId())
                        .map(Agent::availableName).orElse("an agent") + " in Baton";
                case "no_agent" -> fromSlack ? "Declined by <@" + slackUser + ">: the visitor was told that no agent is available"
                        : "Nobody accepted in time: the visitor was told that no agent is available";
                case "declined" -> "The visitor did not want to wait";
                default -> "The visitor left";
            };
            queue(r.connectionId(), "conversation:" + r.conversationId(), SlackCallWorker.UPDATE_REQUEST,
                    Map.of("handoff_id", r.handoffId(), "text", text));
        });
    }

    /** The visitor wrote: to the conversation's Slack channel, in order, escaped; then its images, each uploaded. */
    @EventListener
    void on(MessageCreated e) {
        if (e.isPrivate() || e.messageType() != MessageType.INCOMING || e.senderType() != SenderType.CONTACT
                || !slackAccounts.mayHaveRooms(e.accountId())) {
            return;
        }
        repository.room(e.conversationId()).filter(r -> !SlackRepository.Room.ARCHIVED.equals(r.state())).ifPresent(room ->
                queries.message(e.accountId(), e.conversationId(), e.messageId()).ifPresent(m -> {
                    String key = "conversation:" + e.conversationId();
                    if (m.content() != null && !m.content().isBlank()) {
                        queue(room.connectionId(), key, SlackCallWorker.POST_MESSAGE,
                                Map.of("conversation_id", e.conversationId(), "text", m.content()));
                    }
                    for (Attachments.Image image : attachments.images(m.id())) {
                        queue(room.connectionId(), key, SlackCallWorker.UPLOAD_FILE, Map.of("conversation_id", e.conversationId(),
                                "message_id", m.id(), "attachment_id", image.id()));
                    }
                }));
    }

    /** The conversation ended, or left its Slack agent (back to the bot, a transfer): the channel is archived. */
    @EventListener
    void on(ConversationStateChanged e) {
        boolean ended = e.status() == Status.RESOLVED || e.owner() != Owner.AGENT;
        if (!ended || !slackAccounts.mayHaveRooms(e.accountId())) {
            return;
        }
        repository.room(e.conversationId()).filter(r -> !SlackRepository.Room.ARCHIVED.equals(r.state())).ifPresent(room -> {
            if (repository.archiveRoom(e.conversationId())) {
                String why = e.status() == Status.RESOLVED ? "The chat has ended." : e.owner() == Owner.BOT
                        ? "The chat went back to the bot." : "The chat moved on in Baton.";
                queue(room.connectionId(), "conversation:" + e.conversationId(), SlackCallWorker.ARCHIVE,
                        Map.of("conversation_id", e.conversationId(), "text", why + " This channel is archived."));
            }
        });
    }

    private static boolean usable(SlackRepository.Connection c) {
        return c.active() && c.requestChannelId() != null;
    }

    void queue(long connectionId, String orderKey, String op, Map<String, Object> payload) {
        repository.queue(connectionId, orderKey, op, json.writeValueAsString(payload), clock.instant());
        AfterCommit.run(worker::wake);
    }

    // ---- Slack → Baton

    /** What a button press came to: for the tests and the log. */
    enum Answer { ACCEPTED, DECLINED, TAKEN, NOT_AN_AGENT, ENDED, TO_BOT, IGNORED }

    /**
     * A Slack user pressed Accept or Decline on a request, or End chat in a conversation's channel. The answer
     * is decided here, in one transaction under routing's locks; every Slack call it causes is queued.
     */
    Answer button(String teamId, String slackUserId, String actionId, String value, String channelId) {
        long id;
        try {
            id = Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw BatonException.invalid("actions", "format", "The button's value is not a request id");
        }
        return switch (actionId) {
            case ACCEPT -> accept(teamId, slackUserId, id);
            case DECLINE -> decline(teamId, slackUserId, id);
            case END -> end(teamId, slackUserId, id);
            case BOT -> backToBot(teamId, slackUserId, id);
            default -> throw BatonException.invalid("actions", "unknown", "Baton knows no action " + actionId);
        };
    }

    private Answer accept(String teamId, String slackUserId, long handoffId) {
        SlackRepository.Request request = requestOfTeam(teamId, handoffId).orElse(null);
        if (request == null) {
            return Answer.IGNORED;
        }
        SlackRepository.Connection c = repository.connection(request.connectionId()).orElseThrow();
        if (!SlackRepository.Request.PENDING.equals(request.state())) {
            ephemeral(c, request.channelId(), slackUserId, "Already taken: this request was answered.");
            return Answer.TAKEN;
        }
        Optional<Agent> agent = toVisitor.agentOf(c, slackUserId);
        if (agent.isEmpty()) {
            ephemeral(c, request.channelId(), slackUserId, "Your Slack e-mail address belongs to no Baton agent of this "
                    + "account: ask an administrator to invite you to Baton with the same address.");
            return Answer.NOT_AN_AGENT;
        }
        Boolean won = transaction.execute(status -> {
            ANSWERING.set(slackUserId);
            try {
                if (!routing.acceptFromOutside(handoffId, agent.get().id())) {
                    return false;
                }
            } finally {
                ANSWERING.remove();
            }
            repository.insertRoom(request.conversationId(), c.id(), c.accountId(), handoffId, slackUserId, agent.get().id(),
                    clock.instant());
            Conversation conversation = queries.find(c.accountId(), request.conversationId()).orElseThrow();
            queue(c.id(), "conversation:" + request.conversationId(), SlackCallWorker.CREATE_ROOM,
                    Map.of("conversation_id", request.conversationId(), "visitor", visitorName(conversation),
                            "context", context(c.accountId(), request.conversationId())));
            return true;
        });
        if (!Boolean.TRUE.equals(won)) {
            ephemeral(c, request.channelId(), slackUserId, "Already taken: someone else accepted this chat first.");
            return Answer.TAKEN;
        }
        return Answer.ACCEPTED;
    }

    private Answer decline(String teamId, String slackUserId, long handoffId) {
        SlackRepository.Request request = requestOfTeam(teamId, handoffId).orElse(null);
        if (request == null) {
            return Answer.IGNORED;
        }
        SlackRepository.Connection c = repository.connection(request.connectionId()).orElseThrow();
        Boolean declined = transaction.execute(status -> {
            ANSWERING.set(slackUserId);
            try {
                return routing.declineFromOutside(handoffId);
            } finally {
                ANSWERING.remove();
            }
        });
        if (!Boolean.TRUE.equals(declined)) {
            ephemeral(c, request.channelId(), slackUserId, "Already taken: this request was answered.");
            return Answer.TAKEN;
        }
        return Answer.DECLINED;
    }

    /** End chat (the button in the conversation's channel, or /baton end): resolved as its agent. */
    Answer end(String teamId, String slackUserId, long conversationId) {
        return asItsAgent(teamId, slackUserId, conversationId, "resolved") ? Answer.ENDED : Answer.IGNORED;
    }

    /**
     * Back to the bot (the button in the conversation's channel, or /baton bot): the web workspace's hand-back, as its
     * agent, so that the story goes on for the visitor; the channel is then archived like at the end.
     */
    Answer backToBot(String teamId, String slackUserId, long conversationId) {
        return asItsAgent(teamId, slackUserId, conversationId, "pending") ? Answer.TO_BOT : Answer.IGNORED;
    }

    /**
     * Queues the status change of a conversation with an open channel of this workspace behind the Slack messages not
     * relayed yet (the same order key as {@code relay_in}), so that what was said before End chat still reaches the
     * visitor, before the chat ends; {@link SlackToVisitor#changeStatus} runs it as the Slack user's agent or the
     * accepting one. False when there is no such channel.
     */
    private boolean asItsAgent(String teamId, String slackUserId, long conversationId, String status) {
        SlackRepository.Room room = repository.room(conversationId).orElse(null);
        if (room == null || SlackRepository.Room.ARCHIVED.equals(room.state())) {
            return false;
        }
        SlackRepository.Connection c = repository.connection(room.connectionId()).orElseThrow();
        if (!c.teamId().equals(teamId)) {
            return false;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("conversation_id", conversationId);
        payload.put("user", slackUserId);
        payload.put("status", status);
        queue(c.id(), relayKey(conversationId), SlackCallWorker.STATUS, payload);
        return true;
    }

    /** One order for everything Slack sends about a conversation: its messages, then the end. */
    private static String relayKey(long conversationId) {
        return "slack_in:" + conversationId;
    }

    /** {@code /baton end} or {@code /baton bot} typed in a conversation's channel. */
    Answer command(String teamId, String slackUserId, String channelId, String text) {
        String verb = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (!verb.equals("end") && !verb.equals("bot")) {
            return Answer.IGNORED;
        }
        return repository.roomOfChannel(channelId).map(r -> verb.equals("end") ? end(teamId, slackUserId, r.conversationId())
                : backToBot(teamId, slackUserId, r.conversationId())).orElse(Answer.IGNORED);
    }

    /**
     * A message in a conversation's channel, from a person: recorded for the visitor in the transaction that takes
     * the event (as a {@code relay_in} call, ordered per conversation), relayed by {@link SlackToVisitor} after Slack
     * has its answer (adr/0055). Bot messages (ours too), edits, joins and other subtypes are not relayed.
     */
    void message(String teamId, Map<String, Object> event) {
        String subtype = (String) event.get("subtype");
        if (event.get("bot_id") != null || (subtype != null && !subtype.equals("file_share"))) {
            return;
        }
        String channel = (String) event.get("channel");
        String user = (String) event.get("user");
        String ts = (String) event.get("ts");
        if (channel == null || user == null || ts == null) {
            return;
        }
        SlackRepository.Room room = repository.roomOfChannel(channel).filter(r -> SlackRepository.Room.OPEN.equals(r.state()))
                .orElse(null);
        if (room == null) {
            return;
        }
        SlackRepository.Connection c = repository.connection(room.connectionId()).orElseThrow();
        if (!c.teamId().equals(teamId) || user.equals(c.botUserId())) {
            return;
        }
        List<Map<String, Object>> files = new ArrayList<>();
        if (event.get("files") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> file) {
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("name", file.get("name") instanceof String n ? n : "");
                    f.put("url", file.get("url_private_download") instanceof String u ? u : null);
                    f.put("size", file.get("size") instanceof Number n ? n.longValue() : 0L);
                    files.add(f);
                }
            }
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("conversation_id", room.conversationId());
        payload.put("channel", channel);
        payload.put("user", user);
        payload.put("ts", ts);
        // Slack allows 40,000 characters, the outbox row 20,000; far more than a chat message may hold anyway
        payload.put("text", event.get("text") instanceof String t ? t.substring(0, Math.min(t.length(), 12_000)) : "");
        payload.put("files", files);
        queue(c.id(), relayKey(room.conversationId()), SlackCallWorker.RELAY_IN, payload);
    }

    /** app_uninstalled, tokens_revoked: every connection to the workspace stops. */
    void revoked(String teamId, String why) {
        for (SlackRepository.Connection c : repository.connectionsOfTeam(teamId)) {
            connections.revoke(c, why);
        }
    }

    /**
     * A conversation's channel was archived in Slack by a person: the chat ends for the visitor, as its accepting
     * agent, after the messages sent before it.
     */
    void channelArchived(String teamId, String channelId) {
        repository.roomOfChannel(channelId).filter(r -> SlackRepository.Room.OPEN.equals(r.state()))
                .ifPresent(room -> asItsAgent(teamId, null, room.conversationId(), "resolved"));
    }

    private Optional<SlackRepository.Request> requestOfTeam(String teamId, long handoffId) {
        return repository.request(handoffId).filter(r -> repository.connection(r.connectionId())
                .map(c -> c.teamId().equals(teamId) && c.active()).orElse(false));
    }

    private void ephemeral(SlackRepository.Connection c, String channel, String user, String text) {
        transaction.executeWithoutResult(status -> queue(c.id(), "ephemeral:" + user, SlackCallWorker.EPHEMERAL,
                Map.of("channel", channel, "user", user, "text", text)));
    }

    /** The request message: the visitor, why, the page and the visitor's inputs before the handoff. */
    private Map<String, Object> request(HandoffRequested e) {
        Conversation conversation = queries.find(e.accountId(), e.conversationId()).orElseThrow();
        String visitor = SlackText.escape(visitorName(conversation));
        String headline = "*" + visitor + "* would like to chat with a person"
                + (e.reason() == null || e.reason().isBlank() || "bot".equals(e.reason()) || "visitor".equals(e.reason())
                ? "." : " (" + SlackText.escape(e.reason()) + ").");
        Map<String, String> fields = new LinkedHashMap<>();
        if (conversation.pageUrl() != null) {
            fields.put("Page", SlackText.escape(conversation.pageUrl()));
        }
        conversation.customAttributes().forEach((k, v) -> {
            if (!"page_url".equals(k)) {
                fields.put(SlackText.escape(k), SlackText.escape(String.valueOf(v)));
            }
        });
        StringBuilder said = new StringBuilder();
        for (Message m : queries.recentMessages(e.conversationId(), 10)) {
            if (m.type() == MessageType.INCOMING && !m.isPrivate() && m.content() != null && !m.content().isBlank()) {
                said.append(said.isEmpty() ? "" : "\n").append(SlackText.escape(m.content()));
            }
        }
        if (!said.isEmpty()) {
            fields.put("The visitor wrote", said.toString());
        }
        return Map.of("handoff_id", e.handoffId(), "text", visitor + " would like to chat with a person",
                "blocks", SlackMessages.request(headline, fields, e.handoffId()));
    }

    /** The context posted in a new channel: who, where from, what they said and the story's variables. */
    String context(long accountId, long conversationId) {
        Conversation conversation = queries.find(accountId, conversationId).orElseThrow();
        String visitor = visitorName(conversation);
        StringBuilder text = new StringBuilder("*" + SlackText.escape(visitor) + "* wants to chat.");
        if (conversation.pageUrl() != null) {
            text.append("\nPage: ").append(SlackText.escape(conversation.pageUrl()));
        }
        Map<String, Object> variables = new LinkedHashMap<>(conversation.customAttributes());
        variables.remove("page_url");
        variables.forEach((k, v) -> text.append("\n").append(SlackText.escape(k)).append(": ").append(SlackText.escape(String.valueOf(v))));
        text.append("\n\n*Before the handoff:*");
        for (Message m : queries.recentMessages(conversationId, 30)) {
            if (m.isPrivate() || m.type() == MessageType.ACTIVITY || m.content() == null || m.content().isBlank()) {
                continue;
            }
            String who = m.type() == MessageType.INCOMING ? visitor : m.senderType() == SenderType.USER ? "Agent" : "Bot";
            text.append("\n>").append(SlackText.escape(who)).append(": ").append(SlackText.escape(m.content()).replace("\n", "\n>"));
        }
        text.append("\n\nWrite here to answer; `note: …` stays an internal note. End with the button or `/baton end`; "
                + "hand the visitor back to the bot with the button or `/baton bot`.");
        return text.toString();
    }

    String visitorName(Conversation conversation) {
        try {
            String name = contacts.require(conversation.accountId(), conversation.contactId()).name();
            return name == null || name.isBlank() ? "Visitor" : name;
        } catch (BatonException e) {
            return "Visitor";
        }
    }
}
