package dev.baton.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which events an account's enabled webhooks (and its API inboxes' {@code webhook_url}s) want, asked by the reactions' conditions when an event is
 * published: an event nobody subscribed to is not recorded for a reaction at all (no registry row, no
 * asynchronous transaction), which keeps accounts without webhooks at no cost. Cached per node for
 * {@link #TTL}; a change on this node forgets its account after commit, one on another node is seen
 * within {@link #TTL}.
 */
@Component("webhookSubscriptions")
class WebhookSubscriptions {

    static final Duration TTL = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final Cache<Long, Set<String>> byAccount = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();

    WebhookSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether an enabled webhook of the account subscribes to one of {@code events}. */
    public boolean wants(long accountId, String... events) {
        Set<String> wanted = byAccount.get(accountId, this::load);
        for (String event : events) {
            if (wanted.contains(event)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> load(long accountId) {
        Set<String> events = new HashSet<>();
        jdbc.sql("SELECT subscriptions FROM webhook WHERE account_id = ? AND owner IN (?, ?) AND enabled = TRUE")
                .params(accountId, Endpoint.ACCOUNT, Endpoint.INBOX).query(String.class).list()
                .forEach(s -> events.addAll(java.util.Arrays.asList(s.split(","))));
        return Set.copyOf(events);
    }

    /** The account's webhooks changed: forget what is cached once the change is committed. */
    void changed(long accountId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    byAccount.invalidate(accountId);
                }
            });
        } else {
            byAccount.invalidate(accountId);
        }
    }
}
