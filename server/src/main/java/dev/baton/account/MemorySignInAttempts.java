package dev.baton.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/** One node: failures in memory, {@link #reserve} serialised by one lock (a few map operations). */
final class MemorySignInAttempts implements SignInAttempts {

    private static final class Failures {
        long count;
        long blockedUntil;
        long lastAt;
    }

    private final Policy policy;
    private final Cache<String, Failures> failures;

    MemorySignInAttempts(Policy policy) {
        this.policy = policy;
        this.failures = Caffeine.newBuilder().maximumSize(200_000)
                .expireAfterAccess(Duration.ofMillis(policy.forgetAfterMillis() + policy.maxDelayMillis())).build();
    }

    @Override
    public synchronized long reserve(String pairKey, String clientKey, long nowMillis) {
        Failures pair = current(pairKey, nowMillis);
        Failures client = current(clientKey, nowMillis);
        long wait = Math.max(pair.blockedUntil, client.blockedUntil) - nowMillis;
        if (wait > 0) {
            return wait;
        }
        count(pair, policy.freePerPair(), nowMillis);
        count(client, policy.freePerClient(), nowMillis);
        return 0;
    }

    @Override
    public synchronized void succeeded(String pairKey, String clientKey) {
        failures.invalidate(pairKey);
        Failures client = failures.getIfPresent(clientKey);
        if (client != null && client.count > 0) {
            client.count--;
        }
    }

    private Failures current(String key, long now) {
        Failures f = failures.get(key, k -> new Failures());
        if (f.lastAt != 0 && now - f.lastAt > policy.forgetAfterMillis() && now >= f.blockedUntil) {
            f.count = 0;
            f.blockedUntil = 0;
        }
        return f;
    }

    private void count(Failures f, long free, long now) {
        f.count++;
        f.lastAt = now;
        long delay = policy.delayAfter(f.count, free);
        if (delay > 0) {
            f.blockedUntil = now + delay;
        }
    }
}
