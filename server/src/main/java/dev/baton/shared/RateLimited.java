package dev.baton.shared;

/**
 * 429 {@code rate_limited} (or another limit's code, such as {@code too_many_sign_in_attempts}, or the 503
 * {@code sign_in_busy}): answered with a {@code Retry-After} header of {@link #retryAfterSeconds()}.
 */
public class RateLimited extends BatonException {

    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
        this(ErrorCode.RATE_LIMITED, retryAfterSeconds);
    }

    /** A limit of its own code; the code's message gets the seconds as {0}. */
    public RateLimited(ErrorCode code, long retryAfterSeconds) {
        super(code, Math.max(1, retryAfterSeconds));
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
