package dev.baton.contact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code identifier_hash} = hex HMAC-SHA256 of the site user's identifier, keyed with the inbox secret. */
public final class IdentityVerification {

    private IdentityVerification() {
    }

    public static String hash(String secret, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static boolean verifies(String secret, String identifier, String claimedHash) {
        if (secret == null || identifier == null || claimedHash == null) {
            return false;
        }
        byte[] expected = hash(secret, identifier).getBytes(StandardCharsets.US_ASCII);
        byte[] claimed = claimedHash.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claimed);
    }
}
