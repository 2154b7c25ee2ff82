package dev.baton.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Who an access token names, kept per node so that an API request does not read {@code app_user} first
 * (docs/adr/0057). Only the token → user mapping is kept: membership and inbox scope are read per request.
 * A change of the user's token or name publishes {@link UserAccessChanged}; every node forgets the user once it
 * committed (realtime's signals). {@link #TTL} bounds what a lost signal (Redis down) leaves behind.
 */
@Component
class AccessTokenCache {

    static final Duration TTL = Duration.ofSeconds(30);

    private final Cache<String, CurrentUser> byTokenHash = Caffeine.newBuilder()
            .expireAfterWrite(TTL).maximumSize(20_000).build();
    /** Bumped before every forget: a lookup that read the database before a forget does not keep what it read. */
    private final AtomicLong generation = new AtomicLong();

    /** The user of this token hash; {@code load} reads the database when the node does not know it. */
    Optional<CurrentUser> get(String tokenHash, Function<String, Optional<CurrentUser>> load) {
        CurrentUser known = byTokenHash.getIfPresent(tokenHash);
        if (known != null) {
            return Optional.of(known);
        }
        long before = generation.get();
        Optional<CurrentUser> loaded = load.apply(tokenHash);
        if (loaded.isPresent()) {
            byTokenHash.put(tokenHash, loaded.get());
            if (generation.get() != before) {
                // a forget ran while the database was read: what was read may be what it forgot
                byTokenHash.invalidate(tokenHash);
            }
        }
        return loaded;
    }

    void forget(long userId) {
        generation.incrementAndGet();
        byTokenHash.asMap().values().removeIf(user -> user.id() == userId);
    }
}
