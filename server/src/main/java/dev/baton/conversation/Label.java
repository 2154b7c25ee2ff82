package dev.baton.conversation;

/** One of the account's labels (Chatwoot's shape). Conversations carry labels by title. */
public record Label(long id, String title, String description, String color, boolean showOnSidebar) {
}
