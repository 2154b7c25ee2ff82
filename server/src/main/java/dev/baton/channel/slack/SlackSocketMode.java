package dev.baton.channel.slack;

import com.slack.api.socket_mode.SocketModeClient;
import dev.baton.shared.BatonException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Socket Mode (docs/slack.md#socket-mode), for installations Slack cannot reach: with {@code baton.slack.app-token}
 * every node opens a WebSocket to Slack with the SDK's Socket Mode client, and Slack sends the events, button presses
 * and {@code /baton} commands over it as envelopes instead of HTTP requests. Each envelope is handled like the HTTP
 * request it replaces ({@link SlackInbound}) and acknowledged with its {@code envelope_id}; a command's answer goes
 * with the acknowledgement. Nothing is signed here: the connection was opened with the app-level token.
 */
@Component
class SlackSocketMode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final SlackSettings settings;
    private final SlackApi slack;
    private final SlackInbound inbound;
    private final JsonMapper json;
    private volatile SocketModeClient client;
    private volatile boolean running;
    private Thread connecting;

    SlackSocketMode(SlackSettings settings, SlackApi slack, SlackInbound inbound, JsonMapper json) {
        this.settings = settings;
        this.slack = slack;
        this.inbound = inbound;
        this.json = json;
    }

    @Override
    public synchronized void start() {
        if (!settings.socketMode() || running) {
            return;
        }
        running = true;
        // Slack may be unreachable at start: keep trying in the background instead of failing the start.
        connecting = Thread.ofVirtual().name("slack-socket-mode").start(() -> {
            while (running && client == null) {
                try {
                    SocketModeClient c = slack.socketMode(settings.appToken());
                    c.addWebSocketMessageListener(message -> received(c, message));
                    c.setAutoReconnectEnabled(true);
                    c.connect();
                    client = c;
                    log.info("Slack Socket Mode connected");
                } catch (Exception e) {
                    log.warn("Slack Socket Mode could not connect ({}); trying again in {} s", e.getMessage(), RETRY.toSeconds());
                    try {
                        Thread.sleep(RETRY);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        });
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (connecting != null) {
            connecting.interrupt();
        }
        SocketModeClient c = client;
        client = null;
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("Slack Socket Mode close: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    boolean connected() {
        return client != null;
    }

    /** One message from Slack: an envelope to handle and acknowledge, or hello/disconnect (the SDK reconnects). */
    void received(SocketModeClient c, String message) {
        JsonNode m;
        try {
            m = json.readTree(message);
        } catch (JacksonException e) {
            log.warn("Slack Socket Mode sent what is not JSON");
            return;
        }
        String envelopeId = m.path("envelope_id").asString("");
        if (envelopeId.isEmpty()) {
            return; // hello, disconnect
        }
        JsonNode payload = m.path("payload");
        Map<String, Object> ack = new HashMap<>();
        ack.put("envelope_id", envelopeId);
        try {
            switch (m.path("type").asString("")) {
                case "events_api" -> inbound.event(payload);
                case "interactive" -> inbound.interaction(payload);
                case "slash_commands" -> {
                    Map<String, String> form = new HashMap<>();
                    payload.properties().forEach(e -> form.put(e.getKey(), e.getValue().asString("")));
                    ack.put("payload", inbound.command(form));
                }
                default -> log.debug("Slack Socket Mode envelope {} ignored", m.path("type").asString(""));
            }
        } catch (BatonException e) {
            // The HTTP request would be answered 4xx: Slack must not send it again.
            log.info("Slack Socket Mode envelope {} refused: {}", envelopeId, e.getMessage());
        }
        c.sendSocketModeResponse(json.writeValueAsString(ack));
    }
}
