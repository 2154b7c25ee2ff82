package dev.baton.channel.slack;

import dev.baton.shared.BatonProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts Slack tokens at rest: AES-256-GCM with a random 96-bit nonce, stored as {@code v1:<base64(nonce|ciphertext)>}.
 * The key is {@code baton.slack.encryption-key} (any text; its SHA-256 is the AES key). Production mode refuses to
 * start without one (adr/0040); development mode uses a fixed development key and says so.
 */
@Component
class TokenCipher {

    private static final Logger log = LoggerFactory.getLogger(TokenCipher.class);
    static final String DEVELOPMENT_KEY = "baton-development-only-slack-key";

    private final SecretKeySpec key;
    /** Signs the states of "Add to Slack"; derived from the same configured key, never used to encrypt. */
    private final SecretKeySpec stateKey;
    private final SecureRandom random = new SecureRandom();

    TokenCipher(SlackSettings settings, BatonProperties baton) {
        String configured = settings.encryptionKey();
        if (configured == null || configured.isBlank()) {
            if (baton.production()) {
                throw new IllegalStateException("baton.mode=production needs baton.slack.encryption-key "
                        + "(BATON_SLACK_ENCRYPTION_KEY): the key that encrypts stored Slack tokens. Set a long random value "
                        + "and keep it: tokens stored with another key cannot be read.");
            }
            log.info("baton.slack.encryption-key is not set: Slack tokens are encrypted with the development key");
            configured = DEVELOPMENT_KEY;
        }
        this.key = new SecretKeySpec(sha256(configured), "AES");
        this.stateKey = new SecretKeySpec(sha256("slack-install-state:" + configured), "HmacSHA256");
    }

    /** The HMAC-SHA256 of {@code data}, base64url without padding. */
    String sign(String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(stateKey);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code signature} is {@link #sign}'s of {@code data}, compared in constant time. */
    boolean signed(String data, String signature) {
        return MessageDigest.isEqual(sign(data).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }

    String encrypt(String plain) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return "v1:" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    String decrypt(String stored) {
        if (!stored.startsWith("v1:")) {
            throw new IllegalStateException("Unknown token format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(3));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The Slack token cannot be decrypted: was baton.slack.encryption-key changed?", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
