package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Baton's signatures, checked by the official Standard Webhooks library; rotation signs with both secrets. */
class SignaturesTests {

    private static HttpHeaders headers(String id, long timestamp, String signature) {
        return HttpHeaders.of(Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(String.valueOf(timestamp)),
                "webhook-signature", List.of(signature)), (a, b) -> true);
    }

    @Test
    void theOfficialLibraryVerifiesTheStandardSignature() throws Exception {
        String secret = WebhookEndpoints.newSecret();
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"event\":\"message_created\",\"content\":\"Grüezi\"}";
        String signature = Signatures.standard(List.of(secret), "msg_1", now, body);
        assertThat(signature).startsWith("v1,");
        new Webhook(secret).verify(body, headers("msg_1", now, signature));
        assertThatThrownBy(() -> new Webhook(secret).verify(body + " ", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(WebhookEndpoints.newSecret()).verify(body, headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void duringARotationEitherSecretVerifies() throws Exception {
        String next = WebhookEndpoints.newSecret();
        String previous = WebhookEndpoints.newSecret();
        long now = System.currentTimeMillis() / 1000;
        String signature = Signatures.standard(List.of(next, previous), "msg_2", now, "{}");
        assertThat(signature.split(" ")).hasSize(2);
        new Webhook(next).verify("{}", headers("msg_2", now, signature));
        new Webhook(previous).verify("{}", headers("msg_2", now, signature));
    }

    @Test
    void chatwootsSignatureIsTheHexHmacOfTimestampAndBodyKeyedWithTheSecretAsShown() {
        // echo -n '1700000000.{}' | openssl dgst -sha256 -hmac key
        assertThat(Signatures.chatwoot("key", 1700000000L, "{}"))
                .isEqualTo("sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
    }
}
