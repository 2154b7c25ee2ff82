package dev.baton.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs again the durable reactions ({@code @ApplicationModuleListener}) that did not complete: those whose
 * listener failed, and those a node took and never finished (it died between commit and reaction): Spring
 * Modulith's staleness monitor marks those failed once older than {@code baton.reactions.stale-after}
 * (application.yml). Every node runs it; Spring Modulith's
 * resubmission claims each publication with one conditional UPDATE, so one node redelivers it. Listeners
 * are idempotent: a reaction delivered twice acts once (docs/adr/0016).
 */
@Component
class ReactionRedelivery {

    private static final Logger log = LoggerFactory.getLogger(ReactionRedelivery.class);

    private final FailedEventPublications failed;
    private final IncompleteEventPublications incomplete;
    private final BatonProperties.Reactions settings;
    private final boolean embeddedDatabase;
    private final Clock clock;
    private final AtomicBoolean ready = new AtomicBoolean();

    ReactionRedelivery(FailedEventPublications failed,
                       IncompleteEventPublications incomplete, BatonProperties properties,
                       org.springframework.core.env.Environment environment, Clock clock) {
        this.failed = failed;
        this.incomplete = incomplete;
        this.settings = properties.reactions();
        this.embeddedDatabase = environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
        this.clock = clock;
    }

    /**
     * At start-up: on the embedded database no other node can exist (H2's file is this process's alone), so
     * everything still incomplete was left by the previous run and goes out at once. On a shared database
     * other nodes may be working on theirs, so only what is stale is taken.
     */
    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        if (!settings.enabled()) {
            return;
        }
        if (embeddedDatabase) {
            incomplete.resubmitIncompletePublications(p -> true);
        }
        ready.set(true);
        redeliver();
    }

    @Scheduled(fixedDelayString = "${baton.reactions.retry-interval:5s}", initialDelayString = "${baton.reactions.retry-interval:5s}")
    void redeliver() {
        if (!ready.get()) {
            return;
        }
        try {
            failed.resubmit(ResubmissionOptions.defaults().withMinAge(Duration.ZERO).withBatchSize(100)
                    .withMaxInFlight(200).withFilter(this::due));
        } catch (RuntimeException e) {
            log.warn("Redelivering reactions failed; trying again in {}: {}", settings.retryInterval(), e.toString());
        }
    }

    /** Exponential backoff per publication: 1 s, 2 s, 4 s … up to 5 min, at most {@code max-attempts} times. */
    private boolean due(EventPublication p) {
        int attempts = p.getCompletionAttempts();
        if (attempts >= settings.maxAttempts()) {
            if (attempts == settings.maxAttempts()) {
                log.error("Reaction {} to {} failed {} times; it is left failed in event_publication",
                        p.getIdentifier(), p.getEvent().getClass().getSimpleName(), attempts);
            }
            return false;
        }
        Instant last = p.getLastResubmissionDate() == null ? p.getPublicationDate() : p.getLastResubmissionDate();
        long backoffMillis = Math.min(300_000L, 1000L << Math.min(attempts, 20));
        return !last.plusMillis(backoffMillis).isAfter(clock.instant());
    }
}
