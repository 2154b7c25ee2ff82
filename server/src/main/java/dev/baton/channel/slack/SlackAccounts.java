package dev.baton.channel.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.baton.shared.AfterCommit;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Which accounts have a Slack connection (of any state), kept per node so that a visitor's message or a conversation's
 * state change in an account without Slack does not read {@code slack_room} (docs/adr/0070). A room belongs to a
 * connection of the conversation's account and goes with it ({@code ON DELETE CASCADE}), so an account without a
 * connection has no room. A connection saved on this node is seen at once (after commit); one saved on another node
 * within {@link #TTL}, long before a room can exist: a room needs the request channel chosen, a handoff posted to it
 * and a person pressing Accept in Slack.
 */
@Component
class SlackAccounts {

    static final Duration TTL = Duration.ofSeconds(5);

    private final SlackRepository repository;
    private final Cache<Long, Boolean> connected = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();

    SlackAccounts(SlackRepository repository) {
        this.repository = repository;
    }

    /** Whether the account may have a conversation's Slack channel: false only when it has no connection at all. */
    boolean mayHaveRooms(long accountId) {
        return connected.get(accountId, repository::anyConnection);
    }

    /** A connection of the account was saved: this node forgets what it knew once the change committed. */
    void connectionSaved(long accountId) {
        AfterCommit.run(() -> connected.invalidate(accountId));
    }
}
