package dev.baton.channel.slack;

import dev.baton.account.AccountService;
import dev.baton.account.Agent;
import dev.baton.account.AgentService;
import dev.baton.account.CurrentUser;
import dev.baton.conversation.Attachments;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.MessageDraft;
import dev.baton.shared.BatonException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A Slack message on its way to the visitor (docs/slack.md#files, adr/0055). The Events API request only records
 * it as a {@code relay_in} call of the outbox, ordered per conversation; {@link SlackCallWorker} runs it here after
 * Slack has had its answer: user names looked up, files downloaded with the bot token and stored through Baton's
 * attachments, then the message posted as its agent's. A download Slack may still answer (5xx, 429, a broken
 * connection) is retried with the call, so the text that follows waits for it; any other file becomes a line naming it.
 */
@Component
class SlackToVisitor {

    private static final Logger log = LoggerFactory.getLogger(SlackToVisitor.class);

    private final SlackRepository repository;
    private final SlackApi slack;
    private final TokenCipher cipher;
    private final SlackConnections connections;
    private final ConversationService conversations;
    private final AccountService accounts;
    private final AgentService agents;
    private final Attachments attachments;
    private final SlackSettings settings;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SlackToVisitor(SlackRepository repository, SlackApi slack, TokenCipher cipher, SlackConnections connections,
                   ConversationService conversations, AccountService accounts, AgentService agents, Attachments attachments,
                   SlackSettings settings, TransactionTemplate transaction, Clock clock) {
        this.repository = repository;
        this.slack = slack;
        this.cipher = cipher;
        this.connections = connections;
        this.conversations = conversations;
        this.accounts = accounts;
        this.agents = agents;
        this.attachments = attachments;
        this.settings = settings;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Relays a recorded message (see {@link SlackBridge#message}) while its channel is open; once per Slack message,
     * however often the call runs (a node that died after posting it, a retried download).
     */
    void relay(SlackRepository.Connection c, String token, JsonNode p, Instant queuedAt) {
        SlackRepository.Room room = repository.room(p.path("conversation_id").asLong())
                .filter(r -> SlackRepository.Room.OPEN.equals(r.state())).orElse(null);
        String channel = p.path("channel").asString();
        String ts = p.path("ts").asString();
        String user = p.path("user").asString();
        if (room == null || repository.messageSeen(channel, ts)) {
            return;
        }
        String readable = SlackText.readable(p.path("text").asString(""), id -> name(token, id)).strip();
        Files files = files(token, p.path("files"), queuedAt);
        String said = files.refused().isEmpty() ? readable : (readable + "\n" + String.join("\n", files.refused())).strip();
        if (said.isEmpty() && files.images().isEmpty()) {
            return;
        }
        Optional<Agent> mapped = agentOf(c, user);
        Agent author = mapped.orElseGet(() -> agents.find(room.accountId(), room.agentId()).orElseThrow());
        String content = said.isEmpty() ? null : mapped.isPresent() ? said : name(token, user) + ": " + said;
        boolean note = readable.regionMatches(true, 0, "note:", 0, 5);
        try {
            attachments.postBytes(files.images(), stored -> transaction.execute(status -> {
                if (!repository.firstMessage(channel, ts, clock.instant())) {
                    return null;
                }
                MessageDraft draft = new MessageDraft(note ? content.replaceFirst("(?i)^(.*?)note:\\s*", "$1") : content,
                        "outgoing", note, "text", null, "slack:" + channel + ":" + ts);
                return conversations.postAsAgent(room.accountId(), user(author), room.conversationId(), draft, stored);
            }));
        } catch (BatonException e) {
            // Baton refuses it (too long, the chat ended meanwhile): retrying would not change that
            log.info("Slack message {} not relayed to conversation {}: {}", ts, room.conversationId(), e.getMessage());
        }
    }

    /**
     * End chat, back to the bot, or the channel archived by hand (queued by {@link SlackBridge}, after the messages sent
     * before it): the status change as the Slack user's agent, else as the one who accepted, while the channel is open.
     */
    void changeStatus(SlackRepository.Connection c, JsonNode p) {
        long conversationId = p.path("conversation_id").asLong();
        SlackRepository.Room room = repository.room(conversationId)
                .filter(r -> SlackRepository.Room.OPEN.equals(r.state())).orElse(null);
        if (room == null) {
            return;
        }
        String slackUser = p.path("user").asString(null);
        Agent agent = (slackUser == null ? Optional.<Agent>empty() : agentOf(c, slackUser))
                .or(() -> agents.find(room.accountId(), room.agentId())).orElse(null);
        if (agent == null) {
            return;
        }
        try {
            conversations.toggleStatus(room.accountId(), user(agent), conversationId, p.path("status").asString(), null, null, null);
        } catch (BatonException e) {
            // the conversation changed meanwhile (resolved in the workspace, say): nothing left to end
            log.info("Slack's status change of conversation {} not applied: {}", conversationId, e.getMessage());
        }
    }

    /** What the files of a Slack message come to: the images' bytes, and a line for each file not passed on. */
    private record Files(List<byte[]> images, List<String> refused) {
    }

    /**
     * Downloads the files of a message with the bot token; an image within the size limit (checked by its bytes, as
     * the widget's uploads are) goes to the visitor, anything else becomes a line naming the file. A download that
     * may work later is retried (the whole call, by throwing) until {@code retry-for} has passed since Slack sent it.
     */
    private Files files(String token, JsonNode list, Instant queuedAt) {
        List<byte[]> images = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        long limit = attachments.maxBytes();
        for (JsonNode file : list) {
            String name = file.path("name").asString("").isBlank() ? "a file" : file.path("name").asString();
            String url = file.path("url").asString(null);
            byte[] bytes = null;
            if (url != null && file.path("size").asLong(0) <= limit && images.size() < attachments.maxFiles()) {
                try {
                    bytes = slack.download(token, url, limit);
                } catch (SlackFailure f) {
                    if (f.retryable() && clock.instant().isBefore(queuedAt.plus(settings.retryFor()))) {
                        throw f;
                    }
                    log.info("Slack file {} not downloaded: {}", name, f.error);
                }
            }
            if (bytes != null && attachments.acceptable(bytes)) {
                images.add(bytes);
            } else {
                refused.add("(" + name + " was shared in Slack: only images up to " + limit / (1024 * 1024)
                        + " MB can be shown here)");
            }
        }
        return new Files(images, refused);
    }

    /** The Baton agent of the connection's account with the Slack user's e-mail address. */
    Optional<Agent> agentOf(SlackRepository.Connection c, String slackUserId) {
        SlackApi.User u;
        try {
            u = slack.user(cipher.decrypt(c.tokenEnc()), slackUserId);
        } catch (SlackFailure e) {
            if (e.revokes()) {
                connections.revoke(c, e.error);
            }
            return Optional.empty();
        }
        if (u.email() == null) {
            return Optional.empty();
        }
        return accounts.userIdByEmail(u.email()).flatMap(id -> agents.find(c.accountId(), id));
    }

    private String name(String token, String slackUserId) {
        try {
            return slack.user(token, slackUserId).name();
        } catch (SlackFailure e) {
            return slackUserId;
        }
    }

    static CurrentUser user(Agent agent) {
        return new CurrentUser(agent.id(), agent.email(), agent.name());
    }
}
