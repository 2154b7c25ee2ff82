package dev.baton.account;

/**
 * The user's access token or name changed (a reset, a sign-out everywhere, a profile edit): once it committed,
 * every node forgets what it cached about the user ({@link AccountService#forgetCachedUser}).
 */
public record UserAccessChanged(long userId) {
}
