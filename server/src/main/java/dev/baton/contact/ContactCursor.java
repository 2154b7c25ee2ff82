package dev.baton.contact;

import dev.baton.shared.BatonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The contact list's keyset cursor: the last contact's activity (to the nanosecond the database returned)
 * and id, as an opaque URL-safe token. Clients pass it back unchanged as {@code cursor}.
 */
final class ContactCursor {

    private ContactCursor() {
    }

    static String encode(Contact last) {
        Instant at = last.lastActivityAt();
        String raw = at == null ? "n." + last.id() : "a." + at.getEpochSecond() + "." + at.getNano() + "." + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static ContactRepository.Cursor decode(String token) {
        try {
            if (token.length() > 200) {
                throw new IllegalArgumentException();
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII).split("\\.");
            if (parts.length == 2 && parts[0].equals("n")) {
                return new ContactRepository.Cursor(null, Long.parseLong(parts[1]));
            }
            if (parts.length == 4 && parts[0].equals("a")) {
                return new ContactRepository.Cursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                        Long.parseLong(parts[3]));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            // refused below
        }
        throw BatonException.invalid("cursor", "format", "cursor is not one this list returned");
    }
}
