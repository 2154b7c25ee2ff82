package dev.baton.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.shared.BatonException;
import dev.baton.shared.BatonProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: each e-mail and each client address may fail a limited number of
 * times per window (Bucket4j token buckets, refilled gradually).
 */
@Component
class SignInThrottle {

    private final Cache<String, Bucket> buckets;
    private final long failures;
    private final Duration window;

    SignInThrottle(BatonProperties properties) {
        this.failures = properties.rateLimits().signInFailuresPerWindow();
        this.window = properties.rateLimits().signInWindow();
        this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
    }

    void checkAllowed(String email, String address) {
        if (exhausted("e:" + key(email)) || exhausted("a:" + address)) {
            throw new BatonException(HttpStatus.TOO_MANY_REQUESTS, "too_many_sign_in_attempts",
                    "Too many failed sign-in attempts; try again later");
        }
    }

    void recordFailure(String email, String address) {
        bucket("e:" + key(email)).tryConsume(1);
        bucket("a:" + address).tryConsume(1);
    }

    private boolean exhausted(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    private Bucket bucket(String key) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(failures).refillGreedy(failures, window).build())
                .build());
    }

    private static String key(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
