package dev.baton.channel.slack;

import dev.baton.shared.BatonException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Slack tells Baton, however it arrives: signed HTTP requests ({@link SlackInboundController}) or Socket Mode
 * envelopes ({@link SlackSocketMode}). Events are taken once per {@code event_id}.
 */
@Service
class SlackInbound {

    private static final Logger log = LoggerFactory.getLogger(SlackInbound.class);

    private final SlackBridge bridge;
    private final SlackRepository repository;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SlackInbound(SlackBridge bridge, SlackRepository repository, JsonMapper json, TransactionTemplate transaction, Clock clock) {
        this.bridge = bridge;
        this.repository = repository;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** An Events API envelope; false when its event_id was taken in before (a retry). */
    boolean event(JsonNode envelope) {
        if (!"event_callback".equals(envelope.path("type").asString(""))) {
            return true;
        }
        String eventId = envelope.path("event_id").asString("");
        if (eventId.isEmpty() || eventId.length() > 60) {
            throw BatonException.invalid("event_id", "required", "An event_callback carries its event_id");
        }
        if (repository.eventSeen(eventId)) {
            return false;
        }
        String teamId = envelope.path("team_id").asString("");
        JsonNode event = envelope.path("event");
        if ("message".equals(event.path("type").asString(""))) {
            // recorded with its event_id in one transaction, relayed after the answer (adr/0055): Slack waits 3 s at most
            return Boolean.TRUE.equals(transaction.execute(s -> {
                if (!repository.firstEvent(eventId, clock.instant())) {
                    return false;
                }
                bridge.message(teamId, json.convertValue(event, Map.class));
                return true;
            }));
        }
        switch (event.path("type").asString("")) {
            case "app_uninstalled" -> bridge.revoked(teamId, "app_uninstalled");
            case "tokens_revoked" -> bridge.revoked(teamId, "tokens_revoked");
            case "channel_archive" -> bridge.channelArchived(teamId, event.path("channel").asString(""));
            default -> log.debug("Slack event {} ignored", event.path("type").asString(""));
        }
        repository.firstEvent(eventId, clock.instant());
        return true;
    }

    /** An interactivity payload: block_actions (the buttons) are answered, others ignored. */
    void interaction(JsonNode payload) {
        if (!"block_actions".equals(payload.path("type").asString(""))) {
            return;
        }
        String teamId = payload.path("team").path("id").asString("");
        String user = payload.path("user").path("id").asString("");
        JsonNode actions = payload.path("actions");
        if (!actions.isArray() || actions.isEmpty()) {
            throw BatonException.invalid("actions", "required", "A block_actions payload carries its actions");
        }
        for (JsonNode action : actions) {
            bridge.button(teamId, user, action.path("action_id").asString(""), action.path("value").asString(null),
                    payload.path("channel").path("id").asString(""));
        }
    }

    /** {@code /baton …}: the ephemeral answer Slack shows the one who typed it. */
    Map<String, Object> command(Map<String, String> form) {
        SlackBridge.Answer answer = bridge.command(form.getOrDefault("team_id", ""), form.getOrDefault("user_id", ""),
                form.getOrDefault("channel_id", ""), form.get("text"));
        String text = switch (answer) {
            case ENDED -> "The chat has ended.";
            case TO_BOT -> "The chat went back to the bot.";
            default -> "In a chat's channel: /baton end ends the chat, /baton bot hands the visitor back to the bot.";
        };
        return Map.of("response_type", "ephemeral", "text", text);
    }
}
