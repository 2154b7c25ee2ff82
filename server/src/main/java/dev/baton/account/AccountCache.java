package dev.baton.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.springframework.stereotype.Component;

/**
 * Accounts as this node last read them, so that a message does not read its account's settings (its maximum
 * length) each time (docs/adr/0069). A settings change on this node forgets the account once it committed; one
 * on another node is seen within {@link #TTL}, as {@code webhook.WebhookSubscriptions} does.
 */
@Component
class AccountCache {

    static final Duration TTL = Duration.ofSeconds(5);

    private final Cache<Long, Account> byId = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();
    /** Bumped before every forget: a read of the database that a forget overtook does not keep what it read. */
    private final AtomicLong generation = new AtomicLong();

    Optional<Account> get(long accountId, LongFunction<Optional<Account>> load) {
        Account known = byId.getIfPresent(accountId);
        if (known != null) {
            return Optional.of(known);
        }
        long before = generation.get();
        Optional<Account> loaded = load.apply(accountId);
        if (loaded.isPresent() && generation.get() == before) {
            byId.put(accountId, loaded.get());
            if (generation.get() != before) {
                byId.invalidate(accountId); // a forget ran between the check and the put
            }
        }
        return loaded;
    }

    void forget(long accountId) {
        generation.incrementAndGet();
        byId.invalidate(accountId);
    }
}
