package dev.baton.shared;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable tokens for API access, visitors and inboxes. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** URL-safe, {@code bytes} of entropy. */
    public static String random(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
