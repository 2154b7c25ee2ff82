package dev.baton.agentbot;

import dev.baton.webhook.Endpoint;
import dev.baton.webhook.WebhookDeliveries;
import dev.baton.webhook.WebhookEndpoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Queues an event for one bot through its webhook endpoint, when the bot chose that event; inside the caller's transaction. */
@Component
class BotDeliveries {

    private final AgentBotRepository bots;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final AgentBotSettings settings;
    private final JsonMapper json;
    private final BotHealth health;

    BotDeliveries(AgentBotRepository bots, WebhookEndpoints endpoints, WebhookDeliveries deliveries, AgentBotSettings settings,
                  JsonMapper json, BotHealth health) {
        this.health = health;
        this.bots = bots;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.settings = settings;
        this.json = json;
    }

    /**
     * The payload is rendered only when the bot wants the event; {@code key} makes the delivery unique per bot, and
     * names the conversation it is about ({@code conversationId}, null for none). While the bot's circuit breaker is
     * open, what it should answer (a new conversation, a message) goes to people instead.
     */
    void send(long accountId, Long botId, String event, Long conversationId, String key,
              Supplier<Optional<Map<String, Object>>> payload) {
        if (botId == null) {
            return;
        }
        if (health.tripped(botId)) {
            if (conversationId != null && (AgentBotEvents.MESSAGE_CREATED.equals(event)
                    || AgentBotEvents.CONVERSATION_OPENED.equals(event))) {
                health.unavailable(accountId, conversationId, botId);
            }
            return;
        }
        Optional<AgentBot> bot = bots.find(accountId, botId);
        if (bot.isEmpty() || !bot.get().events().contains(event)) {
            return;
        }
        Optional<Endpoint> endpoint = endpoints.find(accountId, bot.get().endpointId());
        if (endpoint.isEmpty()) {
            return;
        }
        Optional<Map<String, Object>> data = payload.get();
        if (data.isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.putAll(data.get());
        deliveries.queue(endpoint.get(), event, event + ":" + BotHealth.key(conversationId, key), json.writeValueAsString(body), settings.retryFor());
    }
}
