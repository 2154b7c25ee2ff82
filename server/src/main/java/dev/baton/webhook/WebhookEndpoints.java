package dev.baton.webhook;

import dev.baton.shared.BatonException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Endpoints for features that send through this package (account webhooks, agent bots): a URL checked by the
 * SSRF guard, a {@code whsec_} secret, the events it wants and its signing profile. No access checks here:
 * the owning feature has made them. Secrets rotate with a grace period in which deliveries carry a signature
 * by each (docs/adr/0025).
 */
@Service
public class WebhookEndpoints {

    /** Changes to an endpoint; a null field keeps its value. */
    public record Change(String name, String url, List<String> subscriptions, Boolean enabled) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SUBSCRIPTIONS = 30;
    private static final int MAX_NAME = 255;

    private final EndpointRepository repository;
    private final DeliveryRepository deliveries;
    private final AddressGuard guard;
    private final WebhookSettings settings;
    private final ApplicationEventPublisher events;
    private final WebhookSubscriptions subscribed;
    private final Clock clock;

    WebhookEndpoints(EndpointRepository repository, DeliveryRepository deliveries, AddressGuard guard,
                     WebhookSettings settings, ApplicationEventPublisher events, WebhookSubscriptions subscribed,
                     Clock clock) {
        this.subscribed = subscribed;
        this.repository = repository;
        this.deliveries = deliveries;
        this.guard = guard;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
    }

    /** A new endpoint with a fresh secret. The URL must pass the SSRF guard; the same owner cannot have it twice. */
    @Transactional
    public Endpoint register(long accountId, String owner, long ownerId, String name, String url, List<String> subscriptions,
                             Signing signing) {
        if (repository.count(accountId, owner) >= settings.maxPerAccount()) {
            throw BatonException.invalid("url", "limit", "an account can have at most " + settings.maxPerAccount() + " webhooks");
        }
        Instant now = clock.instant();
        Endpoint draft = new Endpoint(0, accountId, owner, ownerId, name(name), guard.checkUrl("url", url).toString(),
                subscriptions(owner, subscriptions), signing, newSecret(), null, null, true, null, null, now, now);
        try {
            Endpoint created = repository.find(accountId, repository.insert(draft)).orElseThrow();
            subscribed.changed(accountId);
            return created;
        } catch (EndpointRepository.Taken e) {
            throw taken();
        }
    }

    /** Changes name, URL, events or {@code enabled} (an administrator turns a 410-disabled endpoint back on). */
    @Transactional
    public Endpoint change(long accountId, long endpointId, Change change) {
        Endpoint e = lock(accountId, endpointId);
        String url = change.url() == null ? e.url() : guard.checkUrl("url", change.url()).toString();
        boolean enabled = change.enabled() == null ? e.enabled() : change.enabled();
        Endpoint updated = new Endpoint(e.id(), e.accountId(), e.owner(), e.ownerId(),
                change.name() == null ? e.name() : name(change.name()), url,
                change.subscriptions() == null ? e.subscriptions() : subscriptions(e.owner(), change.subscriptions()), e.signing(),
                e.secret(), e.previousSecret(), e.previousSecretUntil(), enabled,
                enabled ? null : e.enabled() ? "disabled by an administrator" : e.disabledReason(),
                enabled ? null : e.enabled() ? clock.instant() : e.disabledAt(), e.createdAt(), clock.instant());
        try {
            repository.update(updated);
        } catch (EndpointRepository.Taken ex) {
            throw taken();
        }
        subscribed.changed(accountId);
        return updated;
    }

    /**
     * A new secret; the previous one keeps signing too (a second {@code v1} signature) for
     * {@code baton.webhooks.previous-secret-grace}, so receivers can switch without losing a delivery.
     */
    @Transactional
    public Endpoint rotateSecret(long accountId, long endpointId) {
        Endpoint e = lock(accountId, endpointId);
        Instant now = clock.instant();
        Endpoint rotated = new Endpoint(e.id(), e.accountId(), e.owner(), e.ownerId(), e.name(), e.url(), e.subscriptions(),
                e.signing(), newSecret(), e.secret(), now.plus(settings.previousSecretGrace()), e.enabled(),
                e.disabledReason(), e.disabledAt(), e.createdAt(), now);
        repository.update(rotated);
        return rotated;
    }

    /** Removes the endpoint with its deliveries. */
    @Transactional
    public void remove(long accountId, long endpointId) {
        if (!repository.delete(accountId, endpointId)) {
            throw BatonException.notFound("Webhook");
        }
        subscribed.changed(accountId);
    }

    public Optional<Endpoint> find(long accountId, long endpointId) {
        return repository.find(accountId, endpointId);
    }

    public List<Endpoint> ofOwner(long accountId, String owner, long ownerId) {
        return repository.ofOwner(accountId, owner, ownerId, settings.maxPerAccount());
    }

    /** 410 Gone: the endpoint gets nothing more, and what waits for it is cancelled. In the worker's transaction. */
    void disableGone(long endpointId, String reason) {
        repository.lock(endpointId).filter(Endpoint::enabled).ifPresent(e -> {
            Instant now = clock.instant();
            repository.update(new Endpoint(e.id(), e.accountId(), e.owner(), e.ownerId(), e.name(), e.url(), e.subscriptions(),
                    e.signing(), e.secret(), e.previousSecret(), e.previousSecretUntil(), false, reason, now, e.createdAt(), now));
            deliveries.cancelPending(e.id(), "cancelled: " + reason);
            subscribed.changed(e.accountId());
            events.publishEvent(new WebhookEndpointDisabled(e.accountId(), e.id(), e.owner(), e.ownerId(), reason));
        });
    }

    private Endpoint lock(long accountId, long endpointId) {
        repository.find(accountId, endpointId).orElseThrow(() -> BatonException.notFound("Webhook"));
        return repository.lock(endpointId).orElseThrow(() -> BatonException.notFound("Webhook"));
    }

    /** {@code whsec_} and 32 random bytes in base64, as Standard Webhooks' libraries read them. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        if (name.length() > MAX_NAME) {
            throw BatonException.invalid("name", "length", "name must have at most " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw BatonException.invalid("name", "format", "name must not contain control characters");
        }
        return name.strip();
    }

    /** An account webhook's events are {@link WebhookEvents#ALL}; another owner (agent bots) checks its own names. */
    private static List<String> subscriptions(String owner, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw BatonException.invalid("subscriptions", "required", "subscriptions must name at least one event");
        }
        LinkedHashSet<String> clean = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            boolean known = name != null && (Endpoint.ACCOUNT.equals(owner) ? WebhookEvents.ALL.contains(name)
                    : name.matches("[a-z_]{1,60}"));
            if (!known) {
                unknown.add(String.valueOf(name));
            } else {
                clean.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw BatonException.invalid("subscriptions", "unknown_event", "subscriptions has unknown events: "
                    + String.join(", ", unknown.stream().limit(5).map(n -> n.length() > 60 ? n.substring(0, 60) : n).toList())
                    + "; known are " + String.join(", ", WebhookEvents.ALL));
        }
        if (clean.size() > MAX_SUBSCRIPTIONS) {
            throw BatonException.invalid("subscriptions", "length", "subscriptions may name at most " + MAX_SUBSCRIPTIONS + " events");
        }
        return List.copyOf(clean);
    }

    private static BatonException taken() {
        return BatonException.invalid("url", "taken", "another webhook of this account has this url");
    }
}
