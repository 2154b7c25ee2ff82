package dev.baton.account;

/**
 * The authenticated caller behind a request or a socket: a person, or an external agent bot acting with its own
 * access token ({@code agentBotId} and {@code botAccountId} set, {@code id} 0: a bot is no user and owns no
 * user's data; it is a member of its one account only, see {@link AccountService#requireMember}).
 */
public record CurrentUser(long id, String email, String name, Long agentBotId, Long botAccountId) implements java.io.Serializable {

    public CurrentUser(long id, String email, String name) {
        this(id, email, name, null, null);
    }

    /** An agent bot of {@code accountId}, named as it shows to agents and visitors. */
    public static CurrentUser agentBot(long botId, long accountId, String name) {
        return new CurrentUser(0, null, name, botId, accountId);
    }

    public boolean isBot() {
        return agentBotId != null;
    }

    /**
     * The principal's name, as Spring Security's {@code Authentication.getName()} and Spring Session's
     * {@code principal_name} (VARCHAR(100)) see it: the user id, as {@code SessionSignIn} writes it ("bot:" and the
     * bot's id for an agent bot). The record's default text, with the e-mail and name, could pass 100 characters and
     * fail the session's insert.
     */
    @Override
    public String toString() {
        return isBot() ? "bot:" + agentBotId : String.valueOf(id);
    }
}
