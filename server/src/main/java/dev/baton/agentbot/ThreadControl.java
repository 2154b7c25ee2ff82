package dev.baton.agentbot;

import dev.baton.account.CurrentUser;
import dev.baton.conversation.Actor;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.Owner;
import dev.baton.conversation.Status;
import dev.baton.conversation.Transition;
import dev.baton.inbox.Inbox;
import dev.baton.inbox.InboxService;
import dev.baton.routing.TeamService;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import dev.baton.shared.JsonText;
import dev.baton.webhook.Payloads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The handover protocol (docs/bots.md#handover-protocol, Messenger's thread control): an inbox has a primary bot and
 * secondary bots; the bot that has a bot-owned conversation's thread passes it to another bot (with an expiry after
 * which it returns to the primary) or to people; the primary takes it from anyone; a secondary releases it; a bot asks
 * for it. Each runs under the conversation's row lock (through {@link ConversationService#apply}), so two bots acting
 * at once are ordered, and queues its events ({@code control_passed}, {@code control_taken},
 * {@code control_requested}) in the same transaction.
 */
@Service
public class ThreadControl {

    /** {@code target} {@code bot} (with {@code agentBotId}) or {@code people} (with an optional {@code teamId}). */
    public record Pass(String target, Long agentBotId, Long teamId, Map<String, Object> metadata, Long expiresIn) {
    }

    static final int MAX_METADATA = 2048;
    static final long MAX_EXPIRY_SECONDS = 86_400;

    private final ConversationService conversations;
    private final ConversationQueries queries;
    private final AgentBotDirectory directory;
    private final AgentBotRepository bots;
    private final ThreadRepository threads;
    private final InboxService inboxes;
    private final TeamService teams;
    private final BotDeliveries deliveries;
    private final Payloads payloads;
    private final Escalation escalation;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ThreadControl(ConversationService conversations, ConversationQueries queries, AgentBotDirectory directory,
                  AgentBotRepository bots, ThreadRepository threads, InboxService inboxes, TeamService teams,
                  BotDeliveries deliveries, Payloads payloads, Escalation escalation, TransactionTemplate transactions,
                  Clock clock) {
        this.escalation = escalation;
        this.conversations = conversations;
        this.queries = queries;
        this.directory = directory;
        this.bots = bots;
        this.threads = threads;
        this.inboxes = inboxes;
        this.teams = teams;
        this.deliveries = deliveries;
        this.payloads = payloads;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The bot that has the thread passes it to another bot of the inbox, or to people (a routing handoff). */
    @Transactional
    public Conversation pass(long accountId, CurrentUser caller, long conversationId, Pass request) {
        AgentBot bot = requireBot(accountId, caller);
        String metadata = metadata(request.metadata());
        Conversation c = visible(accountId, caller, conversationId);
        String target = request.target() == null ? "" : request.target();
        switch (target) {
            case "bot" -> {
                if (request.agentBotId() == null) {
                    throw BatonException.invalid("agent_bot_id", "required", "agent_bot_id is required with target bot");
                }
                if (!directory.botsOf(c.inboxId()).contains(request.agentBotId())) {
                    throw BatonException.invalid("agent_bot_id", "unknown", "agent_bot_id names no bot of this inbox");
                }
                if (request.expiresIn() != null && (request.expiresIn() < 1 || request.expiresIn() > MAX_EXPIRY_SECONDS)) {
                    throw BatonException.invalid("expires_in", "range", "expires_in is 1 to " + MAX_EXPIRY_SECONDS + " seconds");
                }
                AgentBot next = bots.find(accountId, request.agentBotId()).orElseThrow();
                Conversation after = conversations.apply(accountId, conversationId, Actor.bot(bot.id(), bot.name()), state -> {
                    requireControl(bot, state.owner(), c);
                    return new Transition.PassToBot(next.id(), next.name());
                });
                Instant now = clock.instant();
                if (Objects.equals(next.id(), directory.primary(c.inboxId())) && request.expiresIn() == null) {
                    threads.clear(conversationId);
                } else {
                    threads.put(conversationId, accountId, next.id(),
                            request.expiresIn() == null ? null : now.plusSeconds(request.expiresIn()), now);
                }
                controlPassed(accountId, conversationId, next.id(), bot.id(), metadata, "passed");
                return after;
            }
            case "people" -> {
                String queue = request.teamId() == null ? inboxes.byId(c.inboxId()).map(Inbox::name).orElse("")
                        : teams.require(accountId, request.teamId()).name();
                return conversations.apply(accountId, conversationId, Actor.bot(bot.id(), bot.name()), state -> {
                    requireControl(bot, state.owner(), c);
                    return new Transition.HandOff(request.teamId(), queue, "bot", metadata, null);
                });
            }
            default -> throw BatonException.invalid("target", "inclusion", "target must be bot or people");
        }
    }

    /** The inbox's primary bot takes the thread from whoever has it: another bot, or people (their handoff ends). */
    @Transactional
    public Conversation take(long accountId, CurrentUser caller, long conversationId, Map<String, Object> metadataIn) {
        AgentBot bot = requireBot(accountId, caller);
        String metadata = metadata(metadataIn);
        Conversation c = visible(accountId, caller, conversationId);
        if (!Objects.equals(directory.primary(c.inboxId()), bot.id())) {
            throw new BatonException(ErrorCode.NOT_PRIMARY_BOT);
        }
        Long[] previous = new Long[1];
        Conversation after = conversations.apply(accountId, conversationId, Actor.bot(bot.id(), bot.name()), state -> {
            Conversation locked = queries.find(accountId, conversationId).orElseThrow();
            previous[0] = state.owner() == Owner.BOT ? directory.controller(locked) : null;
            if (state.owner() == Owner.BOT && Objects.equals(previous[0], bot.id())) {
                return null; // it has it already
            }
            return new Transition.TakeByBot(bot.id(), bot.name());
        });
        threads.clear(conversationId);
        if (previous[0] != null && !previous[0].equals(bot.id())) {
            controlTaken(accountId, conversationId, previous[0], bot.id(), metadata, "taken");
        }
        return after;
    }

    /** The bot that has the thread gives it back to the primary. */
    @Transactional
    public Conversation release(long accountId, CurrentUser caller, long conversationId, Map<String, Object> metadataIn) {
        AgentBot bot = requireBot(accountId, caller);
        String metadata = metadata(metadataIn);
        Conversation c = visible(accountId, caller, conversationId);
        Long primary = directory.primary(c.inboxId());
        Conversation after = conversations.apply(accountId, conversationId, Actor.bot(bot.id(), bot.name()), state -> {
            requireControl(bot, state.owner(), c);
            if (Objects.equals(primary, bot.id())) {
                return null; // the primary keeps what it releases: there is nobody to release to
            }
            AgentBot p = bots.find(accountId, primary).orElseThrow();
            return new Transition.PassToBot(p.id(), p.name());
        });
        if (!Objects.equals(primary, bot.id())) {
            threads.clear(conversationId);
            controlPassed(accountId, conversationId, primary, bot.id(), metadata, "released");
        }
        return after;
    }

    /** A bot of the inbox asks for the thread: the bot that has it (the primary while people have it) is told. */
    @Transactional
    public Conversation request(long accountId, CurrentUser caller, long conversationId, Map<String, Object> metadataIn) {
        AgentBot bot = requireBot(accountId, caller);
        String metadata = metadata(metadataIn);
        Conversation c = visible(accountId, caller, conversationId);
        if (!directory.botsOf(c.inboxId()).contains(bot.id())) {
            throw new BatonException(ErrorCode.NOT_OWNED_BY_BOT);
        }
        Long[] owner = new Long[1];
        Conversation after = conversations.apply(accountId, conversationId, Actor.bot(bot.id(), bot.name()), state -> {
            Conversation locked = queries.find(accountId, conversationId).orElseThrow();
            owner[0] = state.owner() == Owner.BOT ? directory.controller(locked) : directory.primary(c.inboxId());
            return null;
        });
        if (!Objects.equals(owner[0], bot.id())) {
            deliveries.send(accountId, owner[0], AgentBotEvents.CONTROL_REQUESTED, conversationId, "request:" + UUID.randomUUID(),
                    () -> conversationPayload(accountId, conversationId, Map.of("requested_owner_bot_id", bot.id(),
                            "metadata", metadata == null ? "" : metadata)));
        }
        return after;
    }

    /** People got the conversation (or it ended): the next time it is the bot's, the primary has it. */
    @EventListener
    void on(ConversationStateChanged e) {
        if (e.previousOwner() == Owner.BOT && (e.owner() != Owner.BOT || e.status() == Status.RESOLVED)) {
            threads.clear(e.conversationId());
        }
    }

    /**
     * A handover keyword typed by the visitor while a bot has the conversation passes it to people (reason
     * {@code keyword}); true when it did. Runs in the caller's (a reaction's) transaction.
     */
    boolean handOverOnKeyword(long accountId, Conversation c, long messageId) {
        Inbox inbox = inboxes.byId(c.inboxId()).orElse(null);
        String text = queries.message(accountId, c.id(), messageId).map(m -> m.content()).orElse(null);
        if (inbox == null || text == null) {
            return false;
        }
        if (!inbox.automation().asksForPerson(text)) {
            return false;
        }
        return conversations.applyIfAllowed(accountId, c.id(), Actor.visitor(c.contactId()),
                escalation.handOff(accountId, inbox, "keyword", text)).isPresent();
    }

    /** Ownership that ran out goes back to the primary bot; safe on several nodes (each under the row lock). */
    @Scheduled(fixedDelayString = "${baton.agent-bots.sweep-interval:1s}", initialDelayString = "${baton.agent-bots.sweep-interval:1s}")
    void expire() {
        for (ThreadRepository.Thread t : threads.expired(clock.instant(), 100)) {
            transactions.executeWithoutResult(status -> expire(t));
        }
    }

    private void expire(ThreadRepository.Thread t) {
        Conversation c = queries.find(t.accountId(), t.conversationId()).orElse(null);
        if (c == null) {
            return;
        }
        Long primary = directory.primary(c.inboxId());
        boolean[] passed = new boolean[1];
        conversations.apply(t.accountId(), t.conversationId(), Actor.SYSTEM, state -> {
            Optional<ThreadRepository.Thread> now = threads.find(t.conversationId());
            if (now.isEmpty() || now.get().expiresAt() == null || now.get().expiresAt().isAfter(clock.instant())) {
                return null; // passed again or taken meanwhile
            }
            threads.clear(t.conversationId());
            if (state.owner() != Owner.BOT || primary == null || primary == t.agentBotId()) {
                return null;
            }
            passed[0] = true;
            return new Transition.PassToBot(primary, bots.find(t.accountId(), primary).map(AgentBot::name).orElse("Bot"));
        });
        if (passed[0]) {
            controlTaken(t.accountId(), t.conversationId(), t.agentBotId(), primary, null, "expired");
            controlPassed(t.accountId(), t.conversationId(), primary, t.agentBotId(), null, "expired");
        }
    }

    // ---- events

    private void controlPassed(long accountId, long conversationId, Long to, Long from, String metadata, String reason) {
        deliveries.send(accountId, to, AgentBotEvents.CONTROL_PASSED, conversationId, "passed:" + UUID.randomUUID(),
                () -> conversationPayload(accountId, conversationId, control(from, to, metadata, reason)));
    }

    private void controlTaken(long accountId, long conversationId, Long from, Long to, String metadata, String reason) {
        deliveries.send(accountId, from, AgentBotEvents.CONTROL_TAKEN, conversationId, "taken:" + UUID.randomUUID(),
                () -> conversationPayload(accountId, conversationId, control(from, to, metadata, reason)));
    }

    private static Map<String, Object> control(Long from, Long to, String metadata, String reason) {
        return Payloads.ordered("previous_owner_bot_id", from, "new_owner_bot_id", to, "metadata", metadata, "reason", reason);
    }

    private Optional<Map<String, Object>> conversationPayload(long accountId, long conversationId, Map<String, Object> extra) {
        return payloads.findConversation(accountId, conversationId).map(conv -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>(extra);
            m.put("conversation", payloads.conversation(conv));
            return m;
        });
    }

    // ---- checks

    private AgentBot requireBot(long accountId, CurrentUser caller) {
        if (!caller.isBot()) {
            throw BatonException.forbidden("agent bots", "use thread control");
        }
        return bots.find(accountId, caller.agentBotId()).orElseThrow(() -> BatonException.notFound("Account"));
    }

    private Conversation visible(long accountId, CurrentUser caller, long conversationId) {
        return queries.get(accountId, caller, conversationId);
    }

    /** Under the lock: the conversation is the bot's and this bot has its thread. */
    private void requireControl(AgentBot bot, Owner owner, Conversation c) {
        Conversation locked = queries.find(c.accountId(), c.id()).orElseThrow();
        if (owner != Owner.BOT || !Objects.equals(directory.controller(locked), bot.id())) {
            throw new BatonException(ErrorCode.NOT_OWNED_BY_BOT);
        }
    }

    private static String metadata(Map<String, Object> metadata) {
        if (metadata == null) {
            return null;
        }
        String text = JsonText.write(metadata);
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_METADATA) {
            throw BatonException.invalid("metadata", "length", "metadata must be at most " + MAX_METADATA + " bytes as JSON");
        }
        return text;
    }
}
