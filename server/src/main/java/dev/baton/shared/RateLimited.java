package dev.baton.shared;

import org.springframework.http.HttpStatus;

/** 429 {@code rate_limited}: answered with a {@code Retry-After} header of {@link #retryAfterSeconds()}. */
public class RateLimited extends BatonException {

    private final long retryAfterSeconds;

    public RateLimited(String detail, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
