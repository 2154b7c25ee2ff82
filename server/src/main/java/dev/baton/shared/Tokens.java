package dev.baton.shared;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable tokens for API access, visitors and inboxes. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /**
     * What is stored of a token (ADR 0020): its SHA-256, in hex. Tokens are random with at least 128 bits, so a fast
     * hash is enough; a stolen table yields no usable token.
     */
    public static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** URL-safe, {@code bytes} of entropy. */
    public static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
