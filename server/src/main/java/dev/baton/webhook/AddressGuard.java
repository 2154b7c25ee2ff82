package dev.baton.webhook;

import dev.baton.shared.BatonException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The SSRF guard on every outgoing URL (docs/webhooks.md#ssrf): a URL is checked when it is saved, and
 * its host is resolved again for every connection, which goes to exactly the addresses checked here (the
 * HTTP client asks {@link #resolveForDelivery}), so a name that rebinds to a private address between the
 * check and the connection is refused. Redirects are never followed. Off with
 * {@code baton.webhooks.allow-private-networks=true}.
 */
@Component
class AddressGuard {

    static final int MAX_URL_LENGTH = 2048;

    /** A delivery's host resolved to an address the policy refuses. */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private final boolean allowPrivate;
    private final HostResolver resolver;

    AddressGuard(WebhookSettings settings, Optional<HostResolver> resolver) {
        this.allowPrivate = settings.allowPrivateNetworks();
        this.resolver = resolver.orElse(InetAddress::getAllByName);
    }

    /** A URL an administrator gives: http or https, with a host that resolves to public addresses only. */
    URI checkUrl(String field, String url) {
        if (url == null || url.isBlank()) {
            throw BatonException.invalid(field, "required", field + " is required");
        }
        String text = url.strip();
        if (text.length() > MAX_URL_LENGTH) {
            throw BatonException.invalid(field, "length", field + " must have at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw BatonException.invalid(field, "format", field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw BatonException.invalid(field, "format", field + " must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank() || uri.getRawAuthority() == null) {
            throw BatonException.invalid(field, "format", field + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw BatonException.invalid(field, "format", field + " must not carry a user name or password");
        }
        if (allowPrivate) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(hostOf(uri));
        } catch (UnknownHostException e) {
            throw BatonException.invalid(field, "unresolvable", field + "'s host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = AddressPolicy.refusal(address);
            if (refusal.isPresent()) {
                throw BatonException.invalid(field, "private_address", field + "'s host " + host + " is "
                        + refusal.get() + " (" + address.getHostAddress() + "); webhooks only go to public addresses");
            }
        }
        return uri;
    }

    /** The addresses to connect to for a delivery; every one of them must be allowed, or none is used. */
    InetAddress[] resolveForDelivery(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                Optional<String> refusal = AddressPolicy.refusal(address);
                if (refusal.isPresent()) {
                    throw new Refused("refused: " + host + " resolves to " + refusal.get() + " ("
                            + address.getHostAddress() + ")");
                }
            }
        }
        return addresses;
    }

    /** The host as the resolver wants it: IPv6 literals without brackets, names in ASCII. */
    static String hostOf(URI uri) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return IDN.toASCII(host);
    }
}
