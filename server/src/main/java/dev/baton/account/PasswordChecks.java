package dev.baton.account;

import dev.baton.shared.BatonProperties;
import dev.baton.shared.RateLimited;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import dev.baton.shared.ErrorCode;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing (bcrypt) is meant to be slow: with one virtual thread per request, a flood of sign-ins would run
 * one hash per request on every core at once and starve everything else (the review measured the conversation list
 * at 2.8 s p95). At most {@code baton.rate-limits.concurrent-password-checks} hashes run at once; the others wait
 * their turn, and one that waits longer than {@value #WAIT_SECONDS} s is answered 503 {@code sign_in_busy}.
 */
@Component
class PasswordChecks {

    static final int WAIT_SECONDS = 10;

    private final PasswordEncoder passwords;
    private final Semaphore permits;

    PasswordChecks(PasswordEncoder passwords, BatonProperties properties) {
        this.passwords = passwords;
        int configured = properties.rateLimits().concurrentPasswordChecks();
        this.permits = new Semaphore(configured > 0 ? configured
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);
    }

    boolean matches(String raw, String hash) {
        acquire();
        try {
            return passwords.matches(raw, hash);
        } finally {
            permits.release();
        }
    }

    String encode(String raw) {
        acquire();
        try {
            return passwords.encode(raw);
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new RateLimited(ErrorCode.SIGN_IN_BUSY, 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
