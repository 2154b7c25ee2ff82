package dev.baton.routing;

import dev.baton.conversation.ConversationQueries;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells every visitor waiting in a queue their place, how many agents of the queue could take a chat now, and the
 * expected wait ({@code queue.position}). The router calls it once a change of the queue has committed and no other
 * change is pending, outside the queue lock; the queue costs a fixed handful of queries, none per visitor.
 */
@Component
class QueuePositions {

    /** Visitors told per push; a longer queue's tail hears on its next change (it would not read a position that far). */
    static final int MAX = 500;
    /** How many recent accepts the expected wait averages. */
    private static final int RECENT = 20;

    private final RoutingRepository repository;
    private final ConversationQueries conversations;
    private final ApplicationEventPublisher events;

    QueuePositions(RoutingRepository repository, ConversationQueries conversations, ApplicationEventPublisher events) {
        this.repository = repository;
        this.conversations = conversations;
        this.events = events;
    }

    /** One notice per waiting visitor of the queue ({@code queue}: its open handoffs, oldest first). */
    void publish(String queueKey, List<Handoff> queue, int agentsAvailable) {
        if (queue.isEmpty()) {
            return;
        }
        Optional<Double> average = averageWait(queueKey);
        Map<Long, Long> visitors = conversations.contactInboxIds(queue.getFirst().accountId(),
                queue.stream().map(Handoff::conversationId).toList());
        int position = 1;
        for (Handoff h : queue) {
            Map<String, Object> view = view(h, position++, agentsAvailable, average);
            Long contactInboxId = visitors.get(h.conversationId());
            if (contactInboxId != null) {
                events.publishEvent(new VisitorNotice(h.accountId(), h.conversationId(), contactInboxId, "queue.position", view));
            }
        }
    }

    Optional<Double> averageWait(String queueKey) {
        return repository.averageWaitSeconds(queueKey, RECENT);
    }

    /**
     * The estimate is the average wait of the queue's recent accepts times the place in the queue; null without any
     * accept yet (the widget then shows no estimate rather than a guess).
     */
    static Map<String, Object> view(Handoff h, int position, int agentsAvailable, Optional<Double> average) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("conversation_id", h.conversationId());
        view.put("position", position);
        view.put("agents_available", agentsAvailable);
        view.put("estimated_wait_seconds", average.map(a -> Math.round(a * position)).orElse(null));
        return view;
    }
}
