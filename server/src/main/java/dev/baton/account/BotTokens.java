package dev.baton.account;

import java.util.Optional;

/**
 * Looks up an agent bot by its access token (implemented by the {@code agentbot} feature, which account does
 * not know): the {@code api_access_token} header authenticates a person or, failing that, a bot.
 */
public interface BotTokens {

    /** The bot whose token this is, as a {@link CurrentUser#agentBot caller}; empty when none. */
    Optional<CurrentUser> byToken(String token);
}
