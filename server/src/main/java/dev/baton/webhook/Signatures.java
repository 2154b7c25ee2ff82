package dev.baton.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signature schemes (docs/webhooks.md#signatures). Standard Webhooks: HMAC-SHA256 of
 * {@code "{webhook-id}.{webhook-timestamp}.{body}"} keyed with the base64 after {@code whsec_}, sent as
 * {@code v1,<base64>} (one per secret, space-separated). Chatwoot: HMAC-SHA256 of {@code "{timestamp}.{body}"}
 * keyed with the secret as shown (the whole {@code whsec_...} string), sent as {@code sha256=<hex>}.
 */
final class Signatures {

    private Signatures() {
    }

    static String standard(List<String> secrets, String messageId, long timestamp, String body) {
        byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        return secrets.stream().map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), content)))
                .collect(Collectors.joining(" "));
    }

    static String chatwoot(String secret, long timestamp, String body) {
        byte[] content = (timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), content));
    }

    static byte[] standardKey(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
