package dev.baton.report;

import dev.baton.bot.SurveyAnswered;
import dev.baton.conversation.ConversationCreated;
import dev.baton.conversation.ConversationQueries;
import dev.baton.conversation.ConversationStateChanged;
import dev.baton.conversation.MessageCreated;
import dev.baton.conversation.MessageType;
import dev.baton.conversation.Owner;
import dev.baton.conversation.SenderType;
import dev.baton.conversation.Status;
import dev.baton.report.ReportRepository.Fact;
import dev.baton.routing.AgentStatusChanged;
import dev.baton.routing.HandoffEnded;
import dev.baton.routing.OfferEnded;
import dev.baton.routing.RoutingRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Feeds the report tables from the events (docs/reports.md). Messages are counted in their own transaction
 * ({@link #count}); every other reaction is durable, runs after commit in a transaction of its own, may run twice or
 * late, and reads the times it needs from the rows the event names (never the clock at reaction time). Either way a
 * fact enters once by its key, and only a fact that entered is counted, in the same transaction, as deltas that
 * {@link ReportRollup} folds into the sums (docs/adr/0059).
 */
@Component
class ReportIntake {

    static final String CONVERSATIONS = "conversations";
    static final String BOT_CONVERSATIONS = "bot_conversations";
    static final String BOT_RESOLVED = "bot_resolved";
    static final String RESOLUTIONS = "resolutions";
    static final String FIRST_RESPONSE = "first_response";
    static final String MESSAGES_RECEIVED = "messages_received";
    static final String MESSAGES_SENT = "messages_sent";
    static final String HANDOFFS = "handoffs";
    static final String HANDOFF_PREFIX = "handoff_";
    static final String QUEUE_WAIT = "queue_wait";
    static final String TIME_TO_ACCEPT = "time_to_accept";
    static final String MISSED_OFFERS = "missed_offers";
    static final String DECLINED_OFFERS = "declined_offers";
    static final String STATUS_PREFIX = "status_";
    static final String SATISFACTION = "satisfaction";

    private final ReportRepository repository;
    private final ConversationQueries conversations;
    private final RoutingRecords routing;
    private final Clock clock;
    private final ReportRollup rollup;

    ReportIntake(ReportRepository repository, ConversationQueries conversations, RoutingRecords routing, Clock clock,
                 ReportRollup rollup) {
        this.repository = repository;
        this.rollup = rollup;
        this.conversations = conversations;
        this.routing = routing;
        this.clock = clock;
    }

    private boolean take(Fact fact) {
        return repository.record(fact, clock.instant());
    }

    /** Counts into the deltas, and has the roll-up fold them once this transaction committed. */
    private void add(long accountId, String metric, Instant at, Long inboxId, Long teamId, Long agentId, long n, double total) {
        repository.add(accountId, metric, at, inboxId, teamId, agentId, n, total);
        rollup.wakeAfterCommit();
    }

    @ApplicationModuleListener
    void on(ConversationCreated e) {
        conversations.byId(e.accountId(), e.conversationId()).ifPresent(c -> {
            repository.startSegment(e.accountId(), c.id(), 0, c.createdAt());
            if (take(new Fact(e.accountId(), "conversation:" + c.id(), "conversation_created", null, c.id(), c.inboxId(),
                    c.teamId(), null, c.createdAt(), c.createdAt()))) {
                add(e.accountId(), CONVERSATIONS, c.createdAt(), c.inboxId(), c.teamId(), null, 1, 0);
                if (e.owner() == Owner.BOT) {
                    add(e.accountId(), BOT_CONVERSATIONS, c.createdAt(), c.inboxId(), c.teamId(), null, 1, 0);
                }
            }
        });
    }

    /**
     * Counts a visitor's or an agent's public message in the message's own transaction, just before it commits
     * (docs/adr/0059): the fact and a delta, one statement on PostgreSQL (docs/adr/0070) and no read, from what the event carries. No registry row
     * and no transaction of its own: a visitor's message is one commit. The fact's key still makes a message count
     * once if its event were published twice.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void count(MessageCreated e) {
        if (!counted(e)) {
            return;
        }
        boolean incoming = e.messageType() == MessageType.INCOMING;
        Long agent = incoming ? null : e.senderId();
        if (repository.recordAndAdd(new Fact(e.accountId(), "message:" + e.messageId(), incoming ? "message_received"
                        : "message_sent", null, e.conversationId(), e.inboxId(), e.teamId(), agent, e.createdAt(), e.createdAt()),
                clock.instant(), incoming ? MESSAGES_RECEIVED : MESSAGES_SENT, e.createdAt(), e.inboxId(), e.teamId(), agent, 1, 0)) {
            rollup.wakeAfterCommit();
        }
    }

    /** Visitors' messages and agents' public ones; notes, activity lines and the bot's messages are not counted. */
    private static boolean counted(MessageCreated e) {
        return !e.isPrivate() && (e.messageType() == MessageType.INCOMING || agentReply(e));
    }

    private static boolean agentReply(MessageCreated e) {
        return e.messageType() == MessageType.OUTGOING && e.senderType() == SenderType.USER && !e.isPrivate();
    }

    /**
     * An agent's public reply may answer a response clock: settled after commit, reading the committed messages. The
     * condition ({@link #agentReply}) is asked at publication: other messages leave no registry row.
     */
    @ApplicationModuleListener(condition = "#a0.messageType().name() == 'OUTGOING' && #a0.senderType()?.name() == 'USER' && !#a0.isPrivate()")
    void on(MessageCreated e) {
        settleClocks(e.conversationId());
    }

    @ApplicationModuleListener
    void on(ConversationStateChanged e) {
        Instant at = conversations.eventTime(e.conversationId(), e.seq()).orElseGet(clock::instant);
        if (e.reopened()) {
            repository.startSegment(e.accountId(), e.conversationId(), e.seq(), at);
            if (e.owner() == Owner.AGENT) { // kept by its agent; to the queue, the clock starts when one accepts
                repository.startClock(new ReportRepository.Clock(e.conversationId(), e.seq(), e.accountId(), e.inboxId(),
                        e.team(), "reopened", at, false));
            }
        } else if (e.status() == Status.OPEN && e.owner() == Owner.AGENT && e.previousOwner() != Owner.AGENT) {
            // an agent accepted it (an offer, the unassigned list, an assignment): the bot's time is over
            repository.startClock(new ReportRepository.Clock(e.conversationId(), e.seq(), e.accountId(), e.inboxId(),
                    e.team(), "accepted", at, false));
        }
        if (e.resolved()) {
            resolved(e, at);
        }
        settleClocks(e.conversationId());
    }

    private void resolved(ConversationStateChanged e, Instant at) {
        var segment = repository.segmentBefore(e.conversationId(), e.seq());
        long segmentSeq = segment.map(s -> s.getKey()).orElse(0L);
        Instant start = segment.map(s -> s.getValue())
                .or(() -> conversations.byId(e.accountId(), e.conversationId()).map(c -> c.createdAt())).orElse(at);
        double seconds = seconds(start, at);
        if (take(new Fact(e.accountId(), "resolved:" + e.conversationId() + ":" + e.seq(), "conversation_resolved", seconds,
                e.conversationId(), e.inboxId(), e.previousTeam(), e.previousAssignee(), start, at))) {
            add(e.accountId(), RESOLUTIONS, at, e.inboxId(), e.previousTeam(), e.previousAssignee(), 1, seconds);
            boolean contained = e.previousOwner() == Owner.BOT
                    && !repository.acceptedBetween(e.conversationId(), segmentSeq - 1, e.seq());
            if (contained && take(new Fact(e.accountId(), "bot_resolved:" + e.conversationId() + ":" + e.seq(),
                    "conversation_bot_resolved", null, e.conversationId(), e.inboxId(), e.previousTeam(), null, start, at))) {
                add(e.accountId(), BOT_RESOLVED, at, e.inboxId(), e.previousTeam(), null, 1, 0);
            }
        }
    }

    /**
     * Answers the conversation's open response clocks from the messages themselves, so that it does not matter
     * whether the reply's reaction or the acceptance's runs first: a clock is answered by the first public reply
     * of a person after its start and before the next clock's.
     */
    private void settleClocks(long conversationId) {
        List<ReportRepository.Clock> clocks = repository.lockClocks(conversationId);
        for (int i = 0; i < clocks.size(); i++) {
            ReportRepository.Clock c = clocks.get(i);
            if (c.answered()) {
                continue;
            }
            long before = i + 1 < clocks.size() ? clocks.get(i + 1).startSeq() : Long.MAX_VALUE;
            conversations.firstAgentReply(conversationId, c.startSeq(), before).ifPresent(reply -> {
                double seconds = seconds(c.startedAt(), reply.createdAt());
                if (take(new Fact(c.accountId(), "first_response:" + conversationId + ":" + c.startSeq(), "first_response",
                        seconds, conversationId, c.inboxId(), c.teamId(), reply.senderId(), c.startedAt(), reply.createdAt()))) {
                    add(c.accountId(), FIRST_RESPONSE, reply.createdAt(), c.inboxId(), c.teamId(), reply.senderId(),
                            1, seconds);
                }
                repository.answered(conversationId, c.startSeq());
            });
        }
    }

    @ApplicationModuleListener
    void on(HandoffEnded e) {
        if (!"handoff".equals(e.kind())) {
            return; // transfers and conference invitations are agents' moves, not the visitor's wait
        }
        routing.handoff(e.accountId(), e.handoffId()).ifPresent(h -> {
            Instant end = h.acceptedAt() != null ? h.acceptedAt() : h.endedAt() != null ? h.endedAt() : h.requestedAt();
            double wait = seconds(h.requestedAt(), end);
            if (take(new Fact(e.accountId(), "handoff:" + h.id(), "queue_wait", wait, h.conversationId(), h.inboxId(),
                    h.teamId(), h.acceptedBy(), h.requestedAt(), end))) {
                add(e.accountId(), HANDOFFS, h.requestedAt(), h.inboxId(), h.teamId(), h.acceptedBy(), 1, 0);
                // Reports count a no_agent outside business hours apart, as the outcome "closed".
                add(e.accountId(), HANDOFF_PREFIX + (e.closed() ? "closed" : e.outcome()), h.requestedAt(), h.inboxId(), h.teamId(),
                        h.acceptedBy(), 1, 0);
                add(e.accountId(), QUEUE_WAIT, h.requestedAt(), h.inboxId(), h.teamId(), h.acceptedBy(), 1, wait);
            }
        });
    }

    @ApplicationModuleListener
    void on(OfferEnded e) {
        routing.offer(e.accountId(), e.offerId()).ifPresent(o -> {
            Instant end = o.respondedAt() != null ? o.respondedAt() : o.createdAt();
            switch (o.status()) {
                case "accepted" -> {
                    double seconds = seconds(o.createdAt(), end);
                    if (take(new Fact(e.accountId(), "offer:" + o.id(), "time_to_accept", seconds, o.conversationId(),
                            o.inboxId(), o.teamId(), o.agentId(), o.createdAt(), end))) {
                        add(e.accountId(), TIME_TO_ACCEPT, o.createdAt(), o.inboxId(), o.teamId(), o.agentId(), 1,
                                seconds);
                    }
                }
                case "expired" -> {
                    if (take(new Fact(e.accountId(), "offer:" + o.id(), "offer_missed", null, o.conversationId(), o.inboxId(),
                            o.teamId(), o.agentId(), o.createdAt(), end))) {
                        add(e.accountId(), MISSED_OFFERS, o.createdAt(), o.inboxId(), o.teamId(), o.agentId(), 1, 0);
                    }
                }
                case "declined" -> {
                    if (take(new Fact(e.accountId(), "offer:" + o.id(), "offer_declined", null, o.conversationId(),
                            o.inboxId(), o.teamId(), o.agentId(), o.createdAt(), end))) {
                        add(e.accountId(), DECLINED_OFFERS, o.createdAt(), o.inboxId(), o.teamId(), o.agentId(), 1, 0);
                    }
                }
                default -> {
                    // withdrawn: nobody missed anything
                }
            }
        });
    }

    /**
     * A survey's rating counts for the agent who last had the conversation (its last resolution, response or
     * accepted handoff), in the hour it was given; {@code satisfaction_N} counts each rating for the distribution.
     */
    @ApplicationModuleListener
    void on(SurveyAnswered e) {
        conversations.byId(e.accountId(), e.conversationId()).ifPresent(c ->
                conversations.message(e.accountId(), e.conversationId(), e.messageId()).ifPresent(m -> {
                    Long agent = repository.lastAgent(e.conversationId()).orElse(null);
                    if (take(new Fact(e.accountId(), "survey:" + m.id(), "satisfaction", (double) e.rating(), c.id(),
                            c.inboxId(), c.teamId(), agent, m.createdAt(), m.createdAt()))) {
                        add(e.accountId(), SATISFACTION, m.createdAt(), c.inboxId(), c.teamId(), agent, 1, e.rating());
                        add(e.accountId(), SATISFACTION + "_" + e.rating(), m.createdAt(), c.inboxId(), c.teamId(),
                                agent, 1, e.rating());
                    }
                }));
    }

    /**
     * Adds the time spent in the previous status, split over the hours it covered. A change older than the one
     * already taken in (a reaction that ran late, after a newer one) adds nothing.
     */
    @ApplicationModuleListener
    void on(AgentStatusChanged e) {
        Instant at = e.at() == null ? clock.instant() : e.at();
        if (!take(new Fact(e.accountId(), "status:" + e.id(), "agent_status_changed", null, null, null, null, e.userId(), at,
                at))) {
            return;
        }
        var current = repository.lockAgentStatus(e.accountId(), e.userId());
        if (current.isPresent() && at.isBefore(current.get().getValue())) {
            return;
        }
        current.ifPresent(c -> addStatusTime(e.accountId(), e.userId(), c.getKey(), c.getValue(), at));
        repository.setAgentStatus(e.accountId(), e.userId(), e.status(), at);
    }

    private void addStatusTime(long accountId, long userId, String status, Instant from, Instant to) {
        Instant cursor = from;
        while (cursor.isBefore(to)) {
            Instant hourEnd = cursor.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            Instant end = hourEnd.isBefore(to) ? hourEnd : to;
            add(accountId, STATUS_PREFIX + status, cursor, null, null, userId, 0, seconds(cursor, end));
            cursor = end;
        }
    }

    static double seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }
}
