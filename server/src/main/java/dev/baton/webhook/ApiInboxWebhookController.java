package dev.baton.webhook;

import dev.baton.account.CurrentUser;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An API inbox's {@code webhook_url} endpoint as the account webhooks show it: its id (for the delivery log and
 * re-sending under {@code /webhooks/{id}}), its signing secret and whether a 410 Gone disabled it.
 */
@RestController
class ApiInboxWebhookController {

    private final Webhooks webhooks;

    ApiInboxWebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping("/api/v1/accounts/{accountId}/inboxes/{inboxId}/webhook")
    Map<String, Object> show(@PathVariable long accountId, @PathVariable long inboxId, @AuthenticationPrincipal CurrentUser user) {
        return WebhookController.one(webhooks.ofInbox(accountId, user, inboxId));
    }
}
