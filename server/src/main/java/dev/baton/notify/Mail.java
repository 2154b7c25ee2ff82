package dev.baton.notify;

import java.util.List;

/**
 * One e-mail, as it waits in the outbox. The threading fields are optional (null): {@code replyTo}, the
 * {@code messageId} it is sent with (without angle brackets), and the Message-IDs it answers ({@code references},
 * oldest first; the last one is also its In-Reply-To).
 */
public record Mail(String to, String subject, String body, String replyTo, String messageId, List<String> references) {

    public Mail(String to, String subject, String body) {
        this(to, subject, body, null, null, null);
    }
}
