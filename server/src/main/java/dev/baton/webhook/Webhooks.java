package dev.baton.webhook;

import dev.baton.account.AccountService;
import dev.baton.account.CurrentUser;
import dev.baton.audit.AuditLog;
import dev.baton.shared.BatonException;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account's webhooks, Chatwoot's {@code /webhooks} resource: administrators only. Each is an
 * {@link Endpoint} of owner {@code account}, signed per Standard Webhooks and Chatwoot.
 */
@Service
public class Webhooks {

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final AccountService accounts;
    private final AuditLog audit;

    Webhooks(WebhookEndpoints endpoints, WebhookDeliveries deliveries, AccountService accounts, AuditLog audit) {
        this.audit = audit;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.accounts = accounts;
    }

    public List<Endpoint> list(long accountId, CurrentUser actor) {
        accounts.requireAdministrator(accountId, actor);
        return endpoints.ofOwner(accountId, Endpoint.ACCOUNT, 0);
    }

    public Endpoint get(long accountId, CurrentUser actor, long webhookId) {
        accounts.requireAdministrator(accountId, actor);
        return readableWebhook(accountId, webhookId);
    }

    @Transactional
    public Endpoint create(long accountId, CurrentUser actor, String name, String url, List<String> subscriptions) {
        accounts.requireAdministrator(accountId, actor);
        Endpoint created = endpoints.register(accountId, Endpoint.ACCOUNT, 0, name, url, subscriptions, Signing.STANDARD_AND_CHATWOOT);
        audit.record(accountId, actor, AuditLog.WEBHOOK, created.id(), shownName(created), AuditLog.CREATE, audited(created));
        return created;
    }

    @Transactional
    public Endpoint update(long accountId, CurrentUser actor, long webhookId, WebhookEndpoints.Change change) {
        accounts.requireAdministrator(accountId, actor);
        Endpoint before = accountWebhook(accountId, webhookId);
        Endpoint after = endpoints.change(accountId, webhookId, change);
        audit.record(accountId, actor, AuditLog.WEBHOOK, webhookId, shownName(before), AuditLog.UPDATE, AuditLog.diff(audited(before), audited(after)));
        return after;
    }

    /** A webhook as the audit log shows it (never its secret). */
    static java.util.Map<String, Object> audited(Endpoint e) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", e.name());
        m.put("url", e.url());
        m.put("subscriptions", e.subscriptions());
        m.put("enabled", e.enabled());
        return m;
    }

    @Transactional
    public Endpoint rotateSecret(long accountId, CurrentUser actor, long webhookId) {
        accounts.requireAdministrator(accountId, actor);
        Endpoint before = readableWebhook(accountId, webhookId);
        Endpoint rotated = endpoints.rotateSecret(accountId, webhookId);
        audit.record(accountId, actor, AuditLog.WEBHOOK, webhookId, shownName(before), AuditLog.UPDATE,
                java.util.Map.of("secret", List.of(AuditLog.REDACTED, AuditLog.REDACTED)));
        return rotated;
    }

    private static String shownName(Endpoint e) {
        return e.name() == null || e.name().isBlank() ? e.url() : e.name();
    }

    @Transactional
    public void delete(long accountId, CurrentUser actor, long webhookId) {
        accounts.requireAdministrator(accountId, actor);
        Endpoint gone = accountWebhook(accountId, webhookId);
        endpoints.remove(accountId, webhookId);
        audit.record(accountId, actor, AuditLog.WEBHOOK, webhookId, shownName(gone), AuditLog.DESTROY, audited(gone));
    }

    public List<Delivery> deliveries(long accountId, CurrentUser actor, long webhookId, Long before, String status,
                                     Integer perPage) {
        accounts.requireAdministrator(accountId, actor);
        return deliveries.page(readableWebhook(accountId, webhookId), before, status, perPage);
    }

    public Delivery redeliver(long accountId, CurrentUser actor, long webhookId, long deliveryId) {
        accounts.requireAdministrator(accountId, actor);
        return deliveries.redeliver(readableWebhook(accountId, webhookId), deliveryId);
    }

    /** Another feature's endpoints (agent bots) are not account webhooks: they are not found here. */
    private Endpoint accountWebhook(long accountId, long webhookId) {
        return endpoints.find(accountId, webhookId).filter(e -> Endpoint.ACCOUNT.equals(e.owner()))
                .orElseThrow(() -> BatonException.notFound("Webhook"));
    }

    /**
     * An account webhook, or an API inbox's {@code webhook_url} endpoint, which is shown, rotated and re-sent here too
     * but changed and removed only through its inbox.
     */
    private Endpoint readableWebhook(long accountId, long webhookId) {
        return endpoints.find(accountId, webhookId)
                .filter(e -> Endpoint.ACCOUNT.equals(e.owner()) || Endpoint.INBOX.equals(e.owner()))
                .orElseThrow(() -> BatonException.notFound("Webhook"));
    }

    /** An API inbox's {@code webhook_url} endpoint, with its secret (administrators only). */
    public Endpoint ofInbox(long accountId, CurrentUser actor, long inboxId) {
        accounts.requireAdministrator(accountId, actor);
        return endpoints.ofOwner(accountId, Endpoint.INBOX, inboxId).stream().findFirst()
                .orElseThrow(() -> BatonException.notFound("Webhook"));
    }
}
