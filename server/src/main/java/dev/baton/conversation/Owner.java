package dev.baton.conversation;

import java.util.Locale;

/** Who has the hand: the bot, the human queue (a team, waiting), or an assigned agent. */
public enum Owner {
    BOT, QUEUE, AGENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Owner fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
