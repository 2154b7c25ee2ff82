package dev.baton.channel.email;

import dev.baton.shared.BatonProperties;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The address visitors answer to: {@code <local>+<token>@<domain>} of {@code baton.follow-up.reply-address} (else
 * {@code baton.smtp.from}), so that one mailbox takes every answer and the token names the conversation (sub-addressing,
 * as Chatwoot's reply addresses do; docs/adr/0052).
 */
@Component
class ReplyAddress {

    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{16,40}");

    private final String local;
    private final String domain;

    ReplyAddress(FollowUpSettings settings, BatonProperties properties) {
        String address = settings.replyAddress().isBlank() ? properties.smtp().from() : settings.replyAddress();
        address = address.strip();
        Matcher bracketed = Pattern.compile("<([^>]+)>").matcher(address);
        if (bracketed.find()) {
            address = bracketed.group(1);
        }
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw new IllegalStateException("baton.follow-up.reply-address (or baton.smtp.from) must be an e-mail address: " + address);
        }
        this.local = address.substring(0, at).toLowerCase(Locale.ROOT);
        this.domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    String domain() {
        return domain;
    }

    String forToken(String token) {
        return local + "+" + token + "@" + domain;
    }

    /** The token of an address that is one of ours, else empty. */
    Optional<String> tokenOf(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        String prefix = local + "+";
        String suffix = "@" + domain;
        if (!a.startsWith(prefix) || !a.endsWith(suffix) || a.length() <= prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        return Optional.of(a.substring(prefix.length(), a.length() - suffix.length()));
    }

    /** Whether the address is ours at all (with any token, or none). */
    boolean ours(String address) {
        String a = address.strip().toLowerCase(Locale.ROOT);
        return a.endsWith("@" + domain) && (a.startsWith(local + "+") || a.equals(local + "@" + domain));
    }

    static boolean wellFormed(String token) {
        return TOKEN.matcher(token).matches();
    }
}
