package dev.baton.account;

import dev.baton.shared.BatonException;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * An agent's sound in one account (ADR 0047): whether each new visitor message in their own conversations plays
 * one, and how loud (0 to 100). The workspace plays it; the server only keeps the choice.
 */
public record Sound(boolean onNewMessage, int volume) {

    public static final Sound DEFAULT = new Sound(true, 60);

    /** A change; a null field keeps its value. */
    public record Change(@JsonDeserialize(using = StrictBoolean.class) Boolean onNewMessage, Integer volume) {

        boolean any() {
            return onNewMessage != null || volume != null;
        }
    }

    Sound with(Change change) {
        if (change == null) {
            return this;
        }
        if (change.volume() != null && (change.volume() < 0 || change.volume() > 100)) {
            throw BatonException.invalid("sound_volume", "range", "sound_volume must be 0 to 100");
        }
        return new Sound(change.onNewMessage() == null ? onNewMessage : change.onNewMessage(),
                change.volume() == null ? volume : change.volume());
    }
}
