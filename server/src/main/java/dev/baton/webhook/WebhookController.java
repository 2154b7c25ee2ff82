package dev.baton.webhook;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.baton.account.CurrentUser;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Chatwoot's {@code /webhooks} (envelopes {@code payload.webhooks} and {@code payload.webhook}, the fields at
 * the top level or inside {@code webhook} as Rails accepts them), plus Baton's secret rotation and the delivery
 * log with re-sending (docs/api.md#webhooks).
 */
@RestController
@RequestMapping("/api/v1/accounts/{accountId}/webhooks")
class WebhookController {

    record WebhookBody(String name, String url, List<String> subscriptions, Boolean enabled, WebhookBody webhook) {

        WebhookBody fields() {
            return webhook != null ? webhook : this;
        }
    }

    record WebhookView(long id, String name, String url, long accountId, List<String> subscriptions, String secret,
                       boolean enabled, String disabledReason, Long disabledAt, Long previousSecretExpiresAt,
                       long createdAt, long updatedAt) {

        static WebhookView of(Endpoint e) {
            boolean previous = e.previousSecretUntil() != null && e.previousSecret() != null;
            return new WebhookView(e.id(), e.name(), e.url(), e.accountId(), e.subscriptions(), e.secret(), e.enabled(),
                    e.disabledReason(), seconds(e.disabledAt()), previous ? seconds(e.previousSecretUntil()) : null,
                    e.createdAt().getEpochSecond(), e.updatedAt().getEpochSecond());
        }
    }

    record DeliveryView(long id, long webhookId, String messageId, String event, String status, int attempts,
                        Integer responseStatus, String lastError, Integer durationMs, Long nextAttemptAt, Long lastAttemptAt,
                        Long deliveredAt, long createdAt, @JsonRawValue String payload) {

        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.endpointId(), d.messageId(), d.event(), d.status(), d.attempts(),
                    d.responseStatus(), d.lastError(), d.durationMillis(),
                    Delivery.PENDING.equals(d.status()) ? seconds(d.nextAttemptAt()) : null, seconds(d.lastAttemptAt()),
                    seconds(d.deliveredAt()), d.createdAt().getEpochSecond(), d.payload());
        }
    }

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    Map<String, Object> list(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", Map.of("webhooks", webhooks.list(accountId, user).stream().map(WebhookView::of).toList()));
    }

    @GetMapping("/{webhookId}")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long webhookId, @AuthenticationPrincipal CurrentUser user) {
        return one(webhooks.get(accountId, user, webhookId));
    }

    @PostMapping
    Map<String, Object> create(@PathVariable long accountId, @AuthenticationPrincipal CurrentUser user,
                               @RequestBody WebhookBody body) {
        WebhookBody b = body.fields();
        return one(webhooks.create(accountId, user, b.name(), b.url(), b.subscriptions()));
    }

    @PatchMapping("/{webhookId}")
    Map<String, Object> update(@PathVariable long accountId, @PathVariable long webhookId,
                               @AuthenticationPrincipal CurrentUser user, @RequestBody WebhookBody body) {
        WebhookBody b = body.fields();
        return one(webhooks.update(accountId, user, webhookId,
                new WebhookEndpoints.Change(b.name(), b.url(), b.subscriptions(), b.enabled())));
    }

    @PutMapping("/{webhookId}")
    Map<String, Object> replace(@PathVariable long accountId, @PathVariable long webhookId,
                                @AuthenticationPrincipal CurrentUser user, @RequestBody WebhookBody body) {
        return update(accountId, webhookId, user, body);
    }

    @DeleteMapping("/{webhookId}")
    ResponseEntity<Void> delete(@PathVariable long accountId, @PathVariable long webhookId,
                                @AuthenticationPrincipal CurrentUser user) {
        webhooks.delete(accountId, user, webhookId);
        return ResponseEntity.ok().build();
    }

    @PostMapping("/{webhookId}/rotate_secret")
    Map<String, Object> rotate(@PathVariable long accountId, @PathVariable long webhookId,
                               @AuthenticationPrincipal CurrentUser user) {
        return one(webhooks.rotateSecret(accountId, user, webhookId));
    }

    @GetMapping("/{webhookId}/deliveries")
    Map<String, Object> deliveries(@PathVariable long accountId, @PathVariable long webhookId,
                                   @AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) Long before,
                                   @RequestParam(required = false) String status,
                                   @RequestParam(name = "per_page", required = false) Integer perPage) {
        List<Delivery> page = webhooks.deliveries(accountId, user, webhookId, before, status, perPage);
        int size = perPage == null ? 25 : perPage;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("per_page", size);
        meta.put("next_before", page.size() == size ? page.getLast().id() : null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("meta", meta);
        answer.put("payload", page.stream().map(DeliveryView::of).toList());
        return answer;
    }

    @PostMapping("/{webhookId}/deliveries/{deliveryId}/redeliver")
    Map<String, Object> redeliver(@PathVariable long accountId, @PathVariable long webhookId, @PathVariable long deliveryId,
                                  @AuthenticationPrincipal CurrentUser user) {
        return Map.of("payload", DeliveryView.of(webhooks.redeliver(accountId, user, webhookId, deliveryId)));
    }

    static Map<String, Object> one(Endpoint e) {
        return Map.of("payload", Map.of("webhook", WebhookView.of(e)));
    }

    private static Long seconds(Instant i) {
        return i == null ? null : i.getEpochSecond();
    }
}
