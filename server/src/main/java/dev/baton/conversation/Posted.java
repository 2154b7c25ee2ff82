package dev.baton.conversation;

/** The message a send produced; {@code created} is false when a retry returned the first one. */
public record Posted(Message message, boolean created) {
}
