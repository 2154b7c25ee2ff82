package dev.baton.account;

/** The authenticated person behind a request or a socket. */
public record CurrentUser(long id, String email, String name) {
}
