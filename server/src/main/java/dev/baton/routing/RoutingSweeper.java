package dev.baton.routing;

import dev.baton.shared.AfterCommit;
import dev.baton.shared.BatonProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deadlines are rows, swept every second by every node: expired offers (RONA), handoffs past their
 * deadline (overflow, then no_agent), agents gone without a socket past the grace, and a dispatch of
 * every queue that still has someone waiting (after a restart, or a lost signal). Rows are taken with
 * SKIP LOCKED, so nodes share the work and nothing is done twice.
 */
@Component
class RoutingSweeper {

    private static final Logger log = LoggerFactory.getLogger(RoutingSweeper.class);
    private static final int BATCH = 200;

    private final RoutingRepository repository;
    private final RoutingTransactions transactions;
    private final RoutingService routing;
    private final Router router;
    private final Presence presence;
    private final Outcomes outcomes;
    private final TeamService teams;
    private final dev.baton.conversation.ConversationService conversations;
    private final dev.baton.conversation.ConversationQueries queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final boolean enabled;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    RoutingSweeper(RoutingRepository repository, RoutingTransactions transactions, RoutingService routing, Router router,
                   Presence presence, Outcomes outcomes, TeamService teams,
                   dev.baton.conversation.ConversationService conversations, dev.baton.conversation.ConversationQueries queries,
                   ApplicationEventPublisher events, Clock clock, BatonProperties properties,
                   io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.queries = queries;
        this.repository = repository;
        this.transactions = transactions;
        this.routing = routing;
        this.router = router;
        this.presence = presence;
        this.outcomes = outcomes;
        this.teams = teams;
        this.conversations = conversations;
        this.events = events;
        this.clock = clock;
        this.enabled = properties.routing().sweeperEnabled();
    }

    @Scheduled(fixedDelayString = "${baton.routing.sweep-interval:1s}")
    void tick() {
        if (!enabled) {
            return;
        }
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Routing sweep failed; next tick retries", e);
        }
    }

    /** One full sweep (tests call it after moving the clock). */
    void sweep() {
        expireOffers();
        endOverdueHandoffs();
        dropAbsentAgents();
        repository.queuesWithWaiting(BATCH).forEach(router::dispatch);
    }

    void expireOffers() {
        Instant now = clock.instant();
        for (long handoffId : repository.expiredOfferHandoffs(now, BATCH)) {
            transactions.run(() -> repository.tryLockHandoff(handoffId).ifPresent(h -> {
                for (Offer offer : repository.offersOf(h.id())) {
                    if (!Offer.PENDING.equals(offer.status()) || offer.expiresAt().isAfter(now)) {
                        continue;
                    }
                    repository.setOfferStatus(offer.id(), Offer.EXPIRED, now);
                    routing.ended(h, offer, Offer.EXPIRED, null);
                    meters.counter("baton.routing.offers", "event", "expired").increment();
                    repository.lockStatus(h.accountId(), offer.agentId()).ifPresent(status -> {
                        if (status.status() == AgentStatus.AVAILABLE) {
                            repository.setStatus(h.accountId(), offer.agentId(), AgentStatus.RONA, now, status.idleSince());
                            presence.statusChanged(h.accountId(), offer.agentId(), AgentStatus.RONA);
                        }
                    });
                    events.publishEvent(new RoutingNotice(h.accountId(), List.of(offer.agentId()), "offer.expired",
                            java.util.Map.of("offer_id", offer.id(), "conversation_id", h.conversationId())));
                    routing.afterPass(repository.handoff(h.id()).orElseThrow(), offer, Offer.EXPIRED);
                }
            }));
        }
    }

    void endOverdueHandoffs() {
        Instant now = clock.instant();
        for (long handoffId : repository.dueHandoffs(now, BATCH)) {
            transactions.run(() -> repository.tryLockHandoff(handoffId).ifPresent(h -> {
                if (!h.open() || h.deadlineAt().isAfter(now)) {
                    return;
                }
                if (h.kind() == Handoff.Kind.HANDOFF && h.teamId() != null && !repository.overflowed(h.id())) {
                    Team team = teams.byId(h.teamId()).orElse(null);
                    Team overflow = team == null || team.overflowTeamId() == null ? null : teams.byId(team.overflowTeamId()).orElse(null);
                    if (overflow != null) {
                        boolean moved = conversations.applyIfAllowed(h.accountId(), h.conversationId(),
                                dev.baton.conversation.Actor.SYSTEM,
                                new dev.baton.conversation.Transition.Overflow(overflow.id(), team.name(), overflow.name()))
                                .isPresent();
                        if (!moved) {
                            return; // the conversation left the queue meanwhile: its reaction ends the handoff
                        }
                        outcomes.withdrawPending(h, null, "overflow");
                        repository.overflow(h.id(), overflow.id(), now.plusSeconds(overflow.handoffTimeoutSeconds()));
                        AfterCommit.run(() -> {
                            router.schedule(h.queueKey());
                            router.schedule("team:" + overflow.id());
                        });
                        return;
                    }
                }
                outcomes.endNoAgent(h, "deadline");
                AfterCommit.run(() -> router.schedule(h.queueKey()));
            }));
        }
    }

    void dropAbsentAgents() {
        Instant cutoff = clock.instant().minus(presence.grace());
        List<RoutingRepository.StatusRow> stale = transactions.run(() -> repository.lockStale(cutoff, BATCH));
        for (RoutingRepository.StatusRow row : stale) {
            presence.dropOffline(row.accountId(), row.userId());
        }
    }
}
