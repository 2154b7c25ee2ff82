package dev.baton.webhook;

import dev.baton.inbox.ChannelType;
import dev.baton.inbox.InboxChanged;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An API inbox's {@code webhook_url} (Chatwoot's API channel): an endpoint of its own, owned by the inbox, that gets
 * the inbox's conversation and message events with the account webhooks' payloads and signatures. Kept in step with
 * the inbox in the inbox's own transaction: a URL the address guard refuses refuses the inbox change too.
 */
@Component
class ApiInboxWebhooks {

    private final WebhookEndpoints endpoints;
    private final AddressGuard guard;

    ApiInboxWebhooks(WebhookEndpoints endpoints, AddressGuard guard) {
        this.endpoints = endpoints;
        this.guard = guard;
    }

    @EventListener
    void on(InboxChanged e) {
        String url = e.channelType() == ChannelType.API && e.webhookUrl() != null && !e.webhookUrl().isBlank()
                ? guard.checkUrl("channel.webhook_url", e.webhookUrl()).toString() : null;
        Optional<Endpoint> current = of(e.accountId(), e.inboxId());
        if (url == null) {
            current.ifPresent(endpoint -> endpoints.remove(e.accountId(), endpoint.id()));
        } else if (current.isEmpty()) {
            endpoints.register(e.accountId(), Endpoint.INBOX, e.inboxId(), null, url, WebhookEvents.API_INBOX,
                    Signing.STANDARD_AND_CHATWOOT);
        } else if (!current.get().url().equals(url) || !current.get().enabled()) {
            // A new address (or the same one saved again after a 410 Gone disabled it) is tried again.
            endpoints.change(e.accountId(), current.get().id(), new WebhookEndpoints.Change(null, url, null, true));
        }
    }

    /** The inbox's endpoint, if it has a {@code webhook_url}. */
    Optional<Endpoint> of(long accountId, long inboxId) {
        return endpoints.ofOwner(accountId, Endpoint.INBOX, inboxId).stream().findFirst();
    }

    /** The endpoints an event of this inbox goes to besides the account's webhooks. */
    List<Endpoint> subscribed(long accountId, long inboxId, String event) {
        return of(accountId, inboxId).filter(endpoint -> endpoint.enabled() && endpoint.subscriptions().contains(event))
                .map(List::of).orElse(List.of());
    }
}
