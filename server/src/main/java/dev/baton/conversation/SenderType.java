package dev.baton.conversation;

import java.util.Locale;

/** Who wrote a message. */
public enum SenderType {
    CONTACT("Contact"), USER("User"), AGENT_BOT("AgentBot"), SYSTEM(null);

    private final String chatwootName;

    SenderType(String chatwootName) {
        this.chatwootName = chatwootName;
    }

    /** Chatwoot's {@code sender_type}. */
    public String chatwootName() {
        return chatwootName;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SenderType fromWire(String value) {
        return value == null ? SYSTEM : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
