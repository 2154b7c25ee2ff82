package dev.baton.agentbot;

import dev.baton.conversation.Actor;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.Message;
import dev.baton.conversation.Owner;
import dev.baton.conversation.SenderType;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.webhook.WebhookDeliveryFailed;
import dev.baton.webhook.WebhookDeliverySucceeded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Failing bots (docs/bots.md#failing-bots): a delivery is acknowledged by the bot's 2xx (fast), and its reply has
 * a deadline of its own, so a slow bot is told apart from a dead one. After {@code max_failures} failed deliveries in
 * a row, or no reply {@code reply_deadline_seconds} after a visitor's message, the conversation goes to people with
 * reason {@code bot_unavailable} and the visitor is told in the inbox's language. A circuit breaker per bot: once it
 * has failed {@code max_failures} times in a row, nothing more is sent to it for {@code baton.agent-bots.cool-down} (new conversations
 * and messages go to people at once); then one delivery goes through, and its success re-arms the bot.
 */
@Component
class BotHealth {

    private static final Pattern CONVERSATION_KEY = Pattern.compile("^[a-z_]+:c(\\d+):");

    private final HealthRepository health;
    private final AgentBotRepository bots;
    private final AgentBotDirectory directory;
    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final InboxService inboxes;
    private final Escalation escalation;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration coolDown;
    private final ResourceBundleMessageSource texts = new ResourceBundleMessageSource();

    BotHealth(HealthRepository health, AgentBotRepository bots, AgentBotDirectory directory, ConversationService conversations,
              ConversationQueries queries, InboxService inboxes, Escalation escalation, TransactionTemplate transactions,
              Clock clock, AgentBotSettings settings) {
        this.health = health;
        this.coolDown = settings.coolDown();
        this.bots = bots;
        this.directory = directory;
        this.conversations = conversations;
        this.queries = queries;
        this.inboxes = inboxes;
        this.escalation = escalation;
        this.transactions = transactions;
        this.clock = clock;
        texts.setBasename("i18n/bot");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
    }

    /** The delivery's event key names its conversation ({@code event:c<id>:…}) when it is about one. */
    static String key(Long conversationId, String key) {
        return conversationId == null ? key : "c" + conversationId + ":" + key;
    }

    /** Whether the bot's breaker is open now: send it nothing. */
    boolean tripped(long botId) {
        return health.openUntil(botId).map(until -> until.isAfter(clock.instant())).orElse(false);
    }

    @ApplicationModuleListener(condition = "#a0.owner() == 'agent_bot'")
    void on(WebhookDeliveryFailed e) {
        AgentBot bot = bots.find(e.accountId(), e.ownerId()).orElse(null);
        if (bot == null) {
            return;
        }
        int failures = health.recordFailure(bot.id(), clock.instant());
        if (failures >= bot.maxFailures()) {
            health.open(bot.id(), clock.instant().plus(coolDown));
        }
        Matcher m = CONVERSATION_KEY.matcher(e.eventKey());
        if (m.find() && (failures >= bot.maxFailures() || e.attempts() >= bot.maxFailures() || e.givenUp())) {
            unavailable(e.accountId(), Long.parseLong(m.group(1)), bot.id());
        }
    }

    @ApplicationModuleListener(condition = "#a0.owner() == 'agent_bot'")
    void on(WebhookDeliverySucceeded e) {
        health.reset(e.ownerId(), clock.instant());
    }

    /** A visitor's message went to the bot: it owes a reply by its deadline (unless it answered already). */
    void expectReply(long accountId, Conversation c, long botId, long messageId) {
        AgentBot bot = bots.find(accountId, botId).orElse(null);
        if (bot == null) {
            return;
        }
        boolean answered = queries.recentMessages(c.id(), 20).stream().anyMatch(m -> m.id() > messageId
                && m.senderType() == SenderType.AGENT_BOT && Objects.equals(m.senderId(), botId));
        if (!answered) {
            health.expectReply(c.id(), accountId, botId, clock.instant().plusSeconds(bot.replyDeadlineSeconds()));
        }
    }

    /** The bot wrote in the conversation: it is alive there. */
    void replied(long conversationId, long botId) {
        health.due(conversationId).filter(d -> d.agentBotId() == botId).ifPresent(d -> health.replied(conversationId));
    }

    /** People (or the end) have the conversation: no bot owes a reply. */
    @EventListener
    void on(ConversationStateChanged e) {
        if (e.previousOwner() == Owner.BOT && e.owner() != Owner.BOT) {
            health.replied(e.conversationId());
        }
    }

    @Scheduled(fixedDelayString = "${baton.agent-bots.sweep-interval:1s}", initialDelayString = "${baton.agent-bots.sweep-interval:1s}")
    void sweep() {
        for (HealthRepository.Due due : health.overdue(clock.instant(), 100)) {
            transactions.executeWithoutResult(status -> {
                if (health.due(due.conversationId()).filter(d -> !d.dueAt().isAfter(clock.instant())).isPresent()) {
                    health.replied(due.conversationId());
                    unavailable(due.accountId(), due.conversationId(), due.agentBotId());
                }
            });
        }
    }

    /**
     * The bot cannot answer: when it still has the conversation, people get it (reason {@code bot_unavailable}) and the
     * visitor is told in the inbox's language. Runs in the caller's transaction.
     */
    void unavailable(long accountId, long conversationId, long botId) {
        Conversation c = queries.find(accountId, conversationId).orElse(null);
        Inbox inbox = c == null ? null : inboxes.byId(c.inboxId()).orElse(null);
        if (inbox == null) {
            return;
        }
        boolean[] handedOver = new boolean[1];
        conversations.apply(accountId, conversationId, Actor.SYSTEM, state -> {
            Conversation locked = queries.find(accountId, conversationId).orElseThrow();
            if (state.owner() != Owner.BOT || state.handoffOpen() || !Objects.equals(directory.controller(locked), botId)) {
                return null;
            }
            handedOver[0] = true;
            return escalation.handOff(accountId, inbox, "bot_unavailable", null);
        });
        if (handedOver[0]) {
            String locale = inbox.locale() == null ? "en" : inbox.locale();
            conversations.postAsBot(accountId, conversationId, texts.getMessage("bot.unavailable", null,
                    Locale.forLanguageTag(locale)), "text", Map.of());
        }
    }
}
