package dev.baton.account;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * What an agent chose for themselves in one account (seed 001 section 1, ADR 0014): whether the workspace shows
 * the conversations the bot still has, and whether a new handoff in their queues reaches them by e-mail.
 */
public record Preferences(boolean showBotConversations, boolean emailOnNewHandoff) {

    /** A change; a null field keeps its value. */
    public record Change(@JsonDeserialize(using = StrictBoolean.class) Boolean showBotConversations,
                         @JsonDeserialize(using = StrictBoolean.class) Boolean emailOnNewHandoff) {
    }

    /** Supervising roles watch the bot's conversations from the start; agents opt in. Everybody gets handoff mail. */
    static Preferences defaultsFor(Role role) {
        return new Preferences(role.seesAllInboxes(), true);
    }

    Preferences with(Change change) {
        if (change == null) {
            return this;
        }
        return new Preferences(change.showBotConversations() == null ? showBotConversations : change.showBotConversations(),
                change.emailOnNewHandoff() == null ? emailOnNewHandoff : change.emailOnNewHandoff());
    }

    static Preferences of(Membership m) {
        return new Preferences(m.showBotConversations(), m.emailOnNewHandoff());
    }

    static Preferences of(Agent a) {
        return new Preferences(a.showBotConversations(), a.emailOnNewHandoff());
    }
}
