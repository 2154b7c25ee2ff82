package dev.baton.conversation;

import java.util.Locale;

/** Whether the conversation is going on; independent of who owns it (ARCHITECTURE.md section 3). */
public enum Status {
    OPEN, RESOLVED, SNOOZED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Status fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Chatwoot's single status: a bot-owned open conversation is {@code pending}. */
    public static String chatwootStatus(Status status, Owner owner) {
        return status == OPEN && owner == Owner.BOT ? "pending" : status.wire();
    }
}
