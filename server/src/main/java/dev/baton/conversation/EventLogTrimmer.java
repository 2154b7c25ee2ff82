package dev.baton.conversation;

import dev.baton.shared.BatonProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the conversation event log to {@code baton.realtime.event-log-retention} (default 7 days): every node deletes
 * older entries every {@code event-log-trim-interval} (two nodes deleting the same rows is harmless). Messages and
 * conversations stay; only the replay log shrinks. A client whose last seen seq is older than what is left is
 * answered {@code truncated} on resume and reloads the conversation over REST ({@link ConversationQueries#replay}).
 */
@Component
class EventLogTrimmer {

    private static final Logger log = LoggerFactory.getLogger(EventLogTrimmer.class);

    private final ConversationRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;

    EventLogTrimmer(ConversationRepository repository, TransactionTemplate transactions, Clock clock,
                    BatonProperties properties) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
        this.retention = properties.realtime().eventLogRetention();
    }

    @Scheduled(initialDelayString = "${baton.realtime.event-log-trim-interval:1h}",
            fixedDelayString = "${baton.realtime.event-log-trim-interval:1h}")
    void trim() {
        trimBefore(clock.instant().minus(retention));
    }

    /** Deletes the entries written before {@code cutoff}; returns how many. */
    int trimBefore(Instant cutoff) {
        Integer deleted = transactions.execute(status -> repository.trimEvents(cutoff));
        if (deleted != null && deleted > 0) {
            log.info("Trimmed {} conversation event log entries written before {}", deleted, cutoff);
        }
        return deleted == null ? 0 : deleted;
    }
}
