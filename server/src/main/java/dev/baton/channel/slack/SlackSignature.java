package dev.baton.channel.slack;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Checks that a request comes from Slack (docs/slack.md#security): {@code X-Slack-Signature} is {@code v0=} and the
 * hex HMAC-SHA256 of {@code v0:{X-Slack-Request-Timestamp}:{raw body}} keyed with the app's signing secret, compared
 * in constant time, and the timestamp is within {@code baton.slack.signature-window} (300 s) of now, in the past or
 * the future (Slack's SDK refuses only stale ones). Anything else is {@code 401 slack_signature_invalid}.
 */
@Component
class SlackSignature {

    private final SlackSettings settings;
    private final Clock clock;

    SlackSignature(SlackSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    void verify(String timestamp, String signature, byte[] body) {
        if (settings.signingSecret().isBlank()) {
            throw refused("baton.slack.signing-secret is not set");
        }
        if (timestamp == null || signature == null) {
            throw refused("X-Slack-Request-Timestamp and X-Slack-Signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw refused("the timestamp is not a number");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > settings.signatureWindow().toSeconds()) {
            throw refused("the timestamp is more than " + settings.signatureWindow().toSeconds() + " seconds from now");
        }
        byte[] expected = ("v0=" + hex(settings.signingSecret(), "v0:" + timestamp.trim() + ":", body))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            throw refused("the signature does not match the body");
        }
    }

    static String hex(String secret, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BatonException refused(String why) {
        return new BatonException(ErrorCode.SLACK_SIGNATURE_INVALID, why);
    }

    Duration window() {
        return settings.signatureWindow();
    }
}
