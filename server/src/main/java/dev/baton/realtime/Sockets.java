package dev.baton.realtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.account.AccountService;
import dev.baton.inbox.InboxService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The sockets connected to this node, by who they belong to, and who may see which inbox. */
@Component
class Sockets {

    private final Map<Long, Set<Socket>> agentsByUser = new ConcurrentHashMap<>();
    private final Map<Long, Set<Socket>> visitorsByContactInbox = new ConcurrentHashMap<>();
    private final Cache<Long, Set<Long>> inboxAudience = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();
    private final InboxService inboxes;
    private final AccountService accounts;

    Sockets(InboxService inboxes, AccountService accounts, MeterRegistry meters) {
        this.inboxes = inboxes;
        this.accounts = accounts;
        Gauge.builder("baton.sockets", agentsByUser, m -> m.values().stream().mapToInt(Set::size).sum())
                .tag("kind", "agent").register(meters);
        Gauge.builder("baton.sockets", visitorsByContactInbox, m -> m.values().stream().mapToInt(Set::size).sum())
                .tag("kind", "visitor").register(meters);
    }

    void add(Socket socket) {
        index(socket).computeIfAbsent(socket.principalId, k -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void remove(Socket socket) {
        index(socket).computeIfPresent(socket.principalId, (k, set) -> {
            set.remove(socket);
            return set.isEmpty() ? null : set;
        });
        socket.stopped();
    }

    /** Agent sockets that may see the inbox's conversations. */
    void forAgentsOf(long accountId, long inboxId, java.util.function.Consumer<Socket> action) {
        if (agentsByUser.isEmpty()) {
            return;
        }
        Set<Long> audience = inboxAudience.get(inboxId, id -> Set.copyOf(inboxes.audience(accountId, id)));
        for (Long userId : audience) {
            Set<Socket> sockets = agentsByUser.get(userId);
            if (sockets != null) {
                sockets.forEach(action);
            }
        }
    }

    void forUsers(java.util.Collection<Long> userIds, java.util.function.Consumer<Socket> action) {
        for (Long userId : userIds) {
            Set<Socket> sockets = agentsByUser.get(userId);
            if (sockets != null) {
                sockets.forEach(action);
            }
        }
    }

    /** Agents with a workspace socket on this node (for presence heartbeats). */
    java.util.List<Long> connectedAgents() {
        return java.util.List.copyOf(agentsByUser.keySet());
    }

    /** Visitors (contact inbox ids) with a widget socket on this node (for presence heartbeats). */
    java.util.List<Long> connectedVisitors() {
        return java.util.List.copyOf(visitorsByContactInbox.keySet());
    }

    void forVisitor(long contactInboxId, java.util.function.Consumer<Socket> action) {
        Set<Socket> sockets = visitorsByContactInbox.get(contactInboxId);
        if (sockets != null) {
            sockets.forEach(action);
        }
    }

    /** Every socket connected to this node. */
    void forEach(java.util.function.Consumer<Socket> action) {
        agentsByUser.values().forEach(set -> set.forEach(action));
        visitorsByContactInbox.values().forEach(set -> set.forEach(action));
    }

    boolean hasAnySocket() {
        return !agentsByUser.isEmpty() || !visitorsByContactInbox.isEmpty();
    }

    /** Drops the cached audience of an inbox ({@code inboxId} null: of every inbox). */
    void forgetAudience(Long inboxId) {
        if (inboxId == null) {
            inboxAudience.invalidateAll();
        } else {
            inboxAudience.invalidate(inboxId);
        }
    }

    AccountService accounts() {
        return accounts;
    }

    private Map<Long, Set<Socket>> index(Socket socket) {
        return socket.kind == Socket.Kind.AGENT ? agentsByUser : visitorsByContactInbox;
    }
}
