package dev.baton.routing;

import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Routing's rows as facts, for features that report on them after the fact (reports): a handoff with its
 * timestamps, an offer with its handoff's queue. Read-only; scoped by account.
 */
@Component
public class RoutingRecords {

    /** A handoff: {@code kind} handoff, transfer or conference; {@code outcome} once done. */
    public record HandoffFacts(long id, long accountId, long conversationId, long inboxId, String kind, Long teamId,
                               String outcome, Instant requestedAt, Instant firstOfferAt, Instant acceptedAt,
                               Long acceptedBy, Instant endedAt) {
    }

    /** An offer with the queue of its handoff. */
    public record OfferFacts(long id, long accountId, long handoffId, long conversationId, long agentId, String kind,
                             String status, Instant createdAt, Instant respondedAt, long inboxId, Long teamId) {
    }

    private final RoutingRepository repository;

    RoutingRecords(RoutingRepository repository) {
        this.repository = repository;
    }

    public Optional<HandoffFacts> handoff(long accountId, long handoffId) {
        return repository.handoff(handoffId).filter(h -> h.accountId() == accountId)
                .map(h -> new HandoffFacts(h.id(), h.accountId(), h.conversationId(), h.inboxId(),
                        h.kind().name().toLowerCase(java.util.Locale.ROOT), h.teamId(), h.outcome(), h.requestedAt(),
                        h.firstOfferAt(), h.acceptedAt(), h.acceptedBy(), repository.handoffEndedAt(h.id()).orElse(null)));
    }

    public Optional<OfferFacts> offer(long accountId, long offerId) {
        return repository.offer(offerId).filter(o -> o.accountId() == accountId)
                .flatMap(o -> repository.handoff(o.handoffId()).map(h -> new OfferFacts(o.id(), o.accountId(), o.handoffId(),
                        o.conversationId(), o.agentId(), h.kind().name().toLowerCase(java.util.Locale.ROOT), o.status(),
                        o.createdAt(), o.respondedAt(), h.inboxId(), h.teamId())));
    }
}
