package dev.baton.agentbot;

import dev.baton.account.BotTokens;
import dev.baton.account.CurrentUser;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.ExternalBots;
import dev.baton.conversation.Owner;
import dev.baton.inbox.InboxService;
import dev.baton.shared.Tokens;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Answers the questions other features ask about agent bots without depending on them: who a bot token belongs
 * to (account's {@link BotTokens}), which bot has a conversation and how bots show (conversation's
 * {@link ExternalBots}). The bot an inbox is bound to has its conversations while they are the bot's.
 */
@Component
class AgentBotDirectory implements BotTokens, ExternalBots {

    private final AgentBotRepository repository;
    private final ThreadRepository threads;
    private final InboxService inboxes;
    private final java.time.Clock clock;

    AgentBotDirectory(AgentBotRepository repository, ThreadRepository threads, InboxService inboxes, java.time.Clock clock) {
        this.repository = repository;
        this.threads = threads;
        this.inboxes = inboxes;
        this.clock = clock;
    }

    @Override
    public Optional<CurrentUser> byToken(String token) {
        return repository.findByTokenHash(Tokens.hash(token)).map(b -> CurrentUser.agentBot(b.id(), b.accountId(), b.name()));
    }

    @Override
    public boolean controls(long agentBotId, Conversation conversation) {
        return conversation.owner() == Owner.BOT && Objects.equals(controller(conversation), agentBotId);
    }

    /**
     * The bot that has the conversation's thread while the conversation is the bot's: the bot it was passed to (until
     * its time runs out), else the inbox's primary bot.
     */
    Long controller(Conversation conversation) {
        Optional<ThreadRepository.Thread> passed = threads.find(conversation.id());
        if (passed.isPresent() && (passed.get().expiresAt() == null || passed.get().expiresAt().isAfter(clock.instant()))) {
            return passed.get().agentBotId();
        }
        return primary(conversation.inboxId());
    }

    Long primary(long inboxId) {
        return inboxes.byId(inboxId).map(i -> i.automation().agentBotId()).orElse(null);
    }

    /** The inbox's bots: its primary first, then its secondary bots (none without a primary). */
    java.util.List<Long> botsOf(long inboxId) {
        Long primary = primary(inboxId);
        if (primary == null) {
            return java.util.List.of();
        }
        java.util.List<Long> all = new java.util.ArrayList<>(java.util.List.of(primary));
        threads.secondaries(inboxId).stream().filter(id -> !id.equals(primary)).forEach(all::add);
        return all;
    }

    @Override
    public Map<Long, Profile> profiles(long accountId, Collection<Long> agentBotIds) {
        return repository.byIds(accountId, agentBotIds).stream()
                .map(b -> new Profile(b.id(), b.name(), b.avatarUrl()))
                .collect(Collectors.toMap(Profile::id, Function.identity()));
    }
}
