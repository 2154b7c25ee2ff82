package dev.baton.routing;

import dev.baton.conversation.Actor;
import dev.baton.conversation.ConversationService;
import dev.baton.conversation.Transition;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Ends handoffs with their one outcome and withdraws what is still pending. Called inside a routing
 * transaction that holds the handoff's row lock.
 */
@Component
class Outcomes {

    private final RoutingRepository repository;
    private final ConversationService conversations;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;

    Outcomes(RoutingRepository repository, ConversationService conversations, ApplicationEventPublisher events, Clock clock,
             MeterRegistry meters) {
        this.repository = repository;
        this.conversations = conversations;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    /** Withdraws the handoff's pending offers (except {@code keep}) and tells those agents. */
    void withdrawPending(Handoff h, Long keepOfferId, String reason) {
        Instant now = clock.instant();
        for (Offer o : repository.offersOf(h.id())) {
            if (Offer.PENDING.equals(o.status()) && (keepOfferId == null || o.id() != keepOfferId)) {
                repository.setOfferStatus(o.id(), Offer.WITHDRAWN, now);
                events.publishEvent(new OfferEnded(h.accountId(), o.id(), h.id(), h.conversationId(), o.agentId(),
                        h.kind().name().toLowerCase(java.util.Locale.ROOT), Offer.WITHDRAWN, reason));
                events.publishEvent(new RoutingNotice(h.accountId(), List.of(o.agentId()), "offer.withdrawn",
                        Map.of("offer_id", o.id(), "conversation_id", h.conversationId(), "reason", reason)));
                meters.counter("baton.routing.offers", "event", "withdrawn").increment();
            }
        }
    }

    void endHandled(Handoff h, long agentId) {
        Instant now = clock.instant();
        repository.updateHandoff(h.id(), Handoff.DONE, Handoff.HANDLED, h.teamId(), h.deadlineAt(),
                h.firstOfferAt() == null ? now : h.firstOfferAt(), now, agentId, now);
        meters.timer("baton.routing.queue_wait").record(java.time.Duration.between(h.requestedAt(), now));
        ended(h, Handoff.HANDLED, agentId, null);
    }

    /** Nobody took it: the deadline passed, or every eligible agent declined. */
    void endNoAgent(Handoff h, String why) {
        endNoAgent(h, why, null);
    }

    /** Its queue is outside business hours: no_agent at once, with the reason the story and the widget see. */
    void endClosed(Handoff h) {
        repository.setOutcomeReason(h.id(), Handoff.CLOSED);
        endNoAgent(h, "outside business hours", Handoff.CLOSED);
    }

    private void endNoAgent(Handoff h, String why, String reason) {
        Instant now = clock.instant();
        withdrawPending(h, null, "no_agent");
        repository.updateHandoff(h.id(), Handoff.DONE, Handoff.NO_AGENT, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null,
                null, now);
        if (h.kind() == Handoff.Kind.HANDOFF) {
            // Back to the bot if there is one; refused (and nothing written) when the conversation moved on meanwhile.
            conversations.applyIfAllowed(h.accountId(), h.conversationId(), Actor.SYSTEM, new Transition.LeaveQueue(Handoff.NO_AGENT));
        }
        ended(h, Handoff.NO_AGENT, null, reason);
    }

    /** The visitor (or the invited agent, for transfers and conferences) said no. */
    void endDeclined(Handoff h) {
        Instant now = clock.instant();
        withdrawPending(h, null, "declined");
        repository.updateHandoff(h.id(), Handoff.DONE, Handoff.DECLINED, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null,
                null, now);
        ended(h, Handoff.DECLINED, null, null);
    }

    /** Ends without writing to the conversation (it was closed or taken back meanwhile). */
    void endQuietly(Handoff h, String outcome) {
        Instant now = clock.instant();
        withdrawPending(h, null, outcome);
        repository.updateHandoff(h.id(), Handoff.DONE, outcome, h.teamId(), h.deadlineAt(), h.firstOfferAt(), null, null, now);
        ended(h, outcome, null, null);
    }

    private void ended(Handoff h, String outcome, Long agentId, String reason) {
        meters.counter("baton.routing.handoffs", "kind", h.kind().name().toLowerCase(java.util.Locale.ROOT), "outcome", outcome)
                .increment();
        events.publishEvent(new HandoffEnded(h.accountId(), h.conversationId(), h.id(),
                h.kind().name().toLowerCase(java.util.Locale.ROOT), outcome, agentId, reason));
    }
}
