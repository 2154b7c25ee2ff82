package dev.baton.account;

/** Every session of the user ended and their access token was revoked: open connections of theirs should end too. */
public record UserSignedOut(long userId) {
}
