package dev.baton.conversation;

import java.util.Collection;
import java.util.Map;

/**
 * What the conversation feature asks about external agent bots, answered by the {@code agentbot} feature (which
 * depends on this one, not the other way round): which bot has a conversation's thread, and how bots show.
 */
public interface ExternalBots {

    /** How a bot shows to agents and visitors. */
    record Profile(long id, String name, String avatarUrl) {
    }

    /** Whether this bot has the conversation's thread now (the conversation is the bot's, and this bot controls it). */
    boolean controls(long agentBotId, Conversation conversation);

    /** The bots of the account among these ids, by id. */
    Map<Long, Profile> profiles(long accountId, Collection<Long> agentBotIds);
}
