package dev.baton.conversation;

import dev.baton.shared.BatonException;
import java.util.Locale;

/** Chatwoot's message types with their wire numbers. A note is an outgoing message with {@code private}. */
public enum MessageType {
    INCOMING(0), OUTGOING(1), ACTIVITY(2), TEMPLATE(3);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MessageType fromWire(String value) {
        if (value == null) {
            return OUTGOING;
        }
        return switch (value) {
            case "incoming", "0" -> INCOMING;
            case "outgoing", "1" -> OUTGOING;
            case "template", "3" -> TEMPLATE;
            default -> throw BatonException.invalid("message_type", "inclusion", "message_type must be outgoing or incoming");
        };
    }
}
