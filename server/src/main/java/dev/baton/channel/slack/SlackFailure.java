package dev.baton.channel.slack;

import java.time.Duration;
import java.util.Set;

/**
 * A Slack Web API call that did not succeed, sorted by what to do about it: {@code retryAfter} for a 429
 * (wait that long), {@code transient} for 5xx, timeouts and refused connections (back off and retry),
 * {@link #revokes()} for errors that mean the token is gone, else the call failed for good ({@code error}
 * is Slack's code, e.g. {@code restricted_action}).
 */
class SlackFailure extends RuntimeException {

    /** Slack's error codes that mean the installation's token no longer works. */
    static final Set<String> REVOKING = Set.of("invalid_auth", "token_revoked", "account_inactive", "not_authed",
            "token_expired", "app_uninstalled");

    final String error;
    final Duration retryAfter;
    final boolean isTransient;

    SlackFailure(String error, Duration retryAfter, boolean isTransient) {
        super(error);
        this.error = error;
        this.retryAfter = retryAfter;
        this.isTransient = isTransient;
    }

    static SlackFailure error(String error) {
        return new SlackFailure(error == null ? "unknown_error" : error, null, false);
    }

    boolean revokes() {
        return REVOKING.contains(error);
    }

    boolean retryable() {
        return retryAfter != null || isTransient;
    }
}
