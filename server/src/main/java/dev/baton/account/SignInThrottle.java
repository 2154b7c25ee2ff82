package dev.baton.account;

import dev.baton.shared.BatonProperties;
import dev.baton.shared.RateLimited;
import dev.baton.shared.Tokens;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.baton.shared.ErrorCode;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing without letting anyone lock a user out (ADR 0020). Failures count per (e-mail,
 * client) pair and per client, where the client is the request's address (through trusted proxies only); past the
 * free failures, each further attempt of that key waits 1 s, 2 s, 4 s, ... A client that has not failed is never
 * refused, whatever others did with the same e-mail. Shared by all nodes through Redis when {@code baton.redis-url}
 * is set.
 */
@Component
class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    private final SignInAttempts attempts;
    private final Clock clock;
    private final dev.baton.shared.Installation installation;

    SignInThrottle(BatonProperties properties, Clock clock, dev.baton.shared.Installation installation) {
        this.installation = installation;
        var limits = properties.rateLimits();
        var policy = new SignInAttempts.Policy(limits.signInFailuresPerWindow(), limits.signInFailuresPerClient(),
                limits.signInFirstDelay().toMillis(),
                limits.signInMaxDelay().toMillis(), limits.signInWindow().toMillis());
        this.clock = clock;
        if (properties.redisUrl() == null || properties.redisUrl().isBlank()) {
            this.attempts = new MemorySignInAttempts(policy);
        } else {
            this.attempts = new RedisSignInAttempts(policy, properties.redisUrl());
            log.info("Sign-in throttling shared through Redis");
        }
    }

    /** Counts the attempt, or refuses it with 429 and how long to wait. */
    void begin(String email, String client) {
        long wait = attempts.reserve(pairKey(email, client), clientKey(client), clock.millis());
        if (wait > 0) {
            throw new RateLimited(ErrorCode.TOO_MANY_SIGN_IN_ATTEMPTS, (wait + 999) / 1000);
        }
    }

    void succeeded(String email, String client) {
        attempts.succeeded(pairKey(email, client), clientKey(client));
    }

    /** The e-mail only as a hash: the store needs no address. */
    private String pairKey(String email, String client) {
        String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        return prefix() + "pair:" + Tokens.hash(normalized + "\n" + client);
    }

    private String clientKey(String client) {
        return prefix() + "client:" + client;
    }

    /** Per installation: installations (or test runs) sharing one Redis never count each other's failures. */
    private String prefix() {
        return "baton:" + installation.id() + ":sign-in:";
    }

    @PreDestroy
    void stop() throws Exception {
        if (attempts instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
