package dev.baton.channel.slack;

import dev.baton.shared.BatonException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack calling Baton over HTTP (docs/slack.md#security): the Events API, interactivity (button presses) and the
 * {@code /baton} command. Every request is verified against the raw bytes of its body before anything reads it
 * ({@link SlackSignature}); what it says is handled by {@link SlackInbound}, as in Socket Mode.
 */
@RestController
class SlackInboundController {

    private static final int MAX_BODY = SlackRawBody.MAX_BODY;

    private final SlackSignature signature;
    private final SlackInbound inbound;
    private final JsonMapper json;

    SlackInboundController(SlackSignature signature, SlackInbound inbound, JsonMapper json) {
        this.signature = signature;
        this.inbound = inbound;
        this.json = json;
    }

    @PostMapping("/slack/events")
    ResponseEntity<Object> events(HttpServletRequest request) {
        JsonNode envelope = readJson(new String(verified(request), StandardCharsets.UTF_8), "body");
        if ("url_verification".equals(envelope.path("type").asString(""))) {
            return ResponseEntity.ok(Map.of("challenge", envelope.path("challenge").asString("")));
        }
        if (!inbound.event(envelope)) {
            return ResponseEntity.ok().header("X-Slack-No-Retry", "1").build();
        }
        return ResponseEntity.ok().build();
    }

    @PostMapping("/slack/interactivity")
    ResponseEntity<Object> interactivity(HttpServletRequest request) {
        Map<String, String> form = form(verified(request));
        inbound.interaction(readJson(form.get("payload"), "payload"));
        return ResponseEntity.ok().build();
    }

    @PostMapping("/slack/commands")
    ResponseEntity<Object> commands(HttpServletRequest request) {
        return ResponseEntity.ok(inbound.command(form(verified(request))));
    }

    private byte[] verified(HttpServletRequest request) {
        byte[] body;
        try {
            body = request.getInputStream().readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw BatonException.invalid("body", "unreadable", "The body could not be read");
        }
        if (body.length > MAX_BODY) {
            throw BatonException.invalid("body", "length", "The body is too large");
        }
        signature.verify(request.getHeader("X-Slack-Request-Timestamp"), request.getHeader("X-Slack-Signature"), body);
        return body;
    }

    private JsonNode readJson(String text, String field) {
        if (text == null) {
            throw BatonException.invalid(field, "required", "The request has no " + field);
        }
        try {
            JsonNode node = json.readTree(text);
            if (!node.isObject()) {
                throw BatonException.invalid(field, "format", "The " + field + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw BatonException.invalid(field, "format", "The " + field + " is not JSON");
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw BatonException.invalid("body", "format", "The form is not URL-encoded");
            }
        }
        return form;
    }
}
