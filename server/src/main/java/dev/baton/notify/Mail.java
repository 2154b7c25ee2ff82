package dev.baton.notify;

/** One e-mail, as it waits in the outbox. */
public record Mail(String to, String subject, String body) {
}
