package dev.baton.conversation;

/**
 * The message a send produced; {@code created} is false when a retry returned the first one. {@code forVisitor}: the
 * visitor's view of a message just written (as its event log entry has it), or null when a retry returned it or the
 * visitor does not see it.
 */
public record Posted(Message message, boolean created, Views.PublicMessageView forVisitor) {
}
