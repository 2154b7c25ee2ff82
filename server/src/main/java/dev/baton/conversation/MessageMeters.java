package dev.baton.conversation;

import dev.baton.shared.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** {@code baton.messages}: messages written, by type and sender, counted once their transaction committed. */
@Component
class MessageMeters {

    private final MeterRegistry meters;

    MessageMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    @EventListener
    void on(MessageCreated message) {
        String type = message.isPrivate() ? "note" : message.messageType().name().toLowerCase(Locale.ROOT);
        String sender = message.senderType() == null ? "system" : message.senderType().name().toLowerCase(Locale.ROOT);
        AfterCommit.run(() -> meters.counter("baton.messages", "type", type, "sender", sender).increment());
    }
}
