package dev.baton.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a webhook may reach: public unicast only. Refused are loopback, unspecified, private,
 * shared (CGNAT), link-local, multicast, reserved and documentation ranges of IPv4 and IPv6, and IPv6 forms
 * that carry an IPv4 address (mapped, compatible, translated, NAT64, 6to4) when that address is refused.
 * Teredo and site-local IPv6 are refused outright. Pure: {@link AddressGuard} resolves, this decides.
 */
final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Why the address is refused, or empty when it is a public unicast address. */
    static Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet4Address) {
            return ipv4(address.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            if (v6.getScopeId() != 0 || v6.getScopedInterface() != null) {
                return Optional.of("a scoped IPv6 address");
            }
            return ipv6(v6.getAddress());
        }
        return Optional.of("an unknown kind of address");
    }

    static Optional<String> ipv4(byte[] b) {
        int a = b[0] & 0xff;
        int c = b[1] & 0xff;
        int d = b[2] & 0xff;
        if (a == 0) {
            return Optional.of("'this network' (0.0.0.0/8)");
        }
        if (a == 10 || (a == 172 && (c & 0xf0) == 16) || (a == 192 && c == 168)) {
            return Optional.of("a private address");
        }
        if (a == 127) {
            return Optional.of("a loopback address");
        }
        if (a == 169 && c == 254) {
            return Optional.of("a link-local address");
        }
        if (a == 100 && (c & 0xc0) == 64) {
            return Optional.of("a shared (carrier-grade NAT) address");
        }
        if (a == 192 && c == 0 && (d == 0 || d == 2)) {
            return Optional.of("a reserved or documentation address");
        }
        if ((a == 198 && (c == 18 || c == 19)) || (a == 198 && c == 51 && d == 100) || (a == 203 && c == 0 && d == 113)
                || (a == 192 && c == 88 && d == 99)) {
            return Optional.of("a reserved or documentation address");
        }
        if (a >= 224 && a <= 239) {
            return Optional.of("a multicast address");
        }
        if (a >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }

    static Optional<String> ipv6(byte[] b) {
        if (allZero(b, 0, 10)) {
            if ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return embedded(b, 12, "IPv4-mapped"); // ::ffff:a.b.c.d
            }
            if (b[10] == 0 && b[11] == 0) {
                if (allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1)) {
                    return Optional.of(b[15] == 0 ? "the unspecified address" : "a loopback address");
                }
                return embedded(b, 12, "IPv4-compatible"); // ::a.b.c.d
            }
        }
        if (allZero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            return embedded(b, 12, "IPv4-translated"); // ::ffff:0:a.b.c.d
        }
        int first = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int second = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (first == 0x0064 && second == 0xff9b) {
            if (allZero(b, 4, 12)) {
                return embedded(b, 12, "NAT64"); // 64:ff9b::a.b.c.d
            }
            return Optional.of("a local-use NAT64 address");
        }
        if (first == 0x2002) {
            return embedded(b, 2, "6to4"); // 2002:aabb:ccdd::/48
        }
        if (first == 0x2001 && second == 0x0000) {
            return Optional.of("a Teredo tunnel address");
        }
        if (first == 0x2001 && second == 0x0db8) {
            return Optional.of("a documentation address");
        }
        if (first == 0x0100 && second == 0 && allZero(b, 4, 8)) {
            return Optional.of("a discard-only address");
        }
        if ((first & 0xfe00) == 0xfc00) {
            return Optional.of("a unique local (private) address");
        }
        if ((first & 0xffc0) == 0xfe80) {
            return Optional.of("a link-local address");
        }
        if ((first & 0xffc0) == 0xfec0) {
            return Optional.of("a site-local address");
        }
        if ((first & 0xff00) == 0xff00) {
            return Optional.of("a multicast address");
        }
        if ((first & 0xe000) != 0x2000) {
            return Optional.of("an address outside global unicast (2000::/3)");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] b, int from, String form) {
        byte[] v4 = {b[from], b[from + 1], b[from + 2], b[from + 3]};
        return ipv4(v4).map(reason -> "an " + form + " IPv6 form of " + reason);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
