package dev.baton.conversation;

/**
 * Who asks for a transition: an agent (a supervisor when they are an administrator or supervisor of the
 * account), the visitor, a bot, or the system (routing's offers, deadlines and sweeps).
 */
public record Actor(Kind kind, Long id, String name, boolean supervising) {

    public enum Kind { AGENT, VISITOR, BOT, SYSTEM }

    public static Actor agent(long userId, String name, boolean supervising) {
        return new Actor(Kind.AGENT, userId, name, supervising);
    }

    public static Actor visitor(long contactId) {
        return new Actor(Kind.VISITOR, contactId, null, false);
    }

    /** The built-in story ({@code botId} null) or an external agent bot. */
    public static Actor bot(Long botId) {
        return new Actor(Kind.BOT, botId, null, false);
    }

    /** An external agent bot, named for activity lines ("Handed to people by FAQ bot"). */
    public static Actor bot(long botId, String name) {
        return new Actor(Kind.BOT, botId, name, false);
    }

    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, null, null, true);

    boolean isAgent() {
        return kind == Kind.AGENT;
    }

    boolean is(Long userId) {
        return kind == Kind.AGENT && userId != null && userId.equals(id);
    }

    /** Wire name for events and the event log. */
    public String wire() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
