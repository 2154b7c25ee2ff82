package dev.baton.channel.email;

import dev.baton.conversation.Conversation;
import dev.baton.inbox.Inbox;
import dev.baton.notify.Links;
import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The link in a follow-up mail that reopens the chat: the page the visitor chatted on (else the inbox's website, else
 * Baton's demo page) with {@code #baton_resume=<conversation>.<expires>.<signature>}. The signature is an HMAC-SHA256
 * with the follow-up's own key, so a link names one conversation, cannot be made up, and ends at {@code expires}.
 * A fragment, so that the token reaches neither the site's server nor its logs.
 */
@Component
class ResumeLinks {

    private final FollowUpSettings settings;
    private final Links links;
    private final Clock clock;

    ResumeLinks(FollowUpSettings settings, Links links, Clock clock) {
        this.settings = settings;
        this.links = links;
        this.clock = clock;
    }

    String link(Conversation c, Inbox inbox, String key) {
        String page = c.pageUrl() != null ? c.pageUrl()
                : inbox.websiteUrl() != null && !inbox.websiteUrl().isBlank() ? inbox.websiteUrl() : links.baseUrl() + "/demo";
        int hash = page.indexOf('#');
        return (hash < 0 ? page : page.substring(0, hash)) + "#baton_resume=" + token(c.id(), key);
    }

    String token(long conversationId, String key) {
        long expires = clock.instant().plus(settings.linkValidity()).getEpochSecond();
        return conversationId + "." + expires + "." + sign(conversationId + "." + expires, key);
    }

    /** The conversation a token names, once its form was read ({@link #conversationOf}) and its key found. */
    record Parsed(long conversationId, long expires, String signature) {
    }

    static Parsed parse(String token) {
        String[] parts = token == null ? new String[0] : token.strip().split("\\.");
        try {
            if (parts.length == 3 && token.length() <= 200) {
                return new Parsed(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BatonException(ErrorCode.RESUME_LINK_INVALID, "malformed");
    }

    /** Refuses a token this key did not sign, or one past its time. */
    void verify(Parsed token, String key) {
        byte[] expected = sign(token.conversationId() + "." + token.expires(), key).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw new BatonException(ErrorCode.RESUME_LINK_INVALID, "not signed");
        }
        if (clock.instant().isAfter(Instant.ofEpochSecond(token.expires()))) {
            throw new BatonException(ErrorCode.RESUME_LINK_EXPIRED);
        }
    }

    private static String sign(String value, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
