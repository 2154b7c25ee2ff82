package dev.baton.routing;

import dev.baton.shared.BatonException;
import java.util.Locale;

/**
 * Page rules are URLs with {@code *} wildcards, e.g. {@code https://shop.example/support/*}; a rule matches the
 * whole page URL, ignoring case. The URL is the visitor's to choose, so matching takes linear time in the lengths of
 * pattern and URL whatever they hold: the pattern's literal parts are found left to right, each at its first
 * occurrence (Knuth–Morris–Pratt), which is correct for {@code *} and never backtracks (ADR 0018).
 */
final class PagePattern {

    static final int MAX_PATTERN = 500;

    private PagePattern() {
    }

    static boolean matches(String pattern, String url) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String u = url.toLowerCase(Locale.ROOT);
        String[] parts = p.split("\\*", -1);
        if (parts.length == 1) {
            return p.equals(u);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (first.length() + last.length() > u.length() || !u.startsWith(first) || !u.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = u.length() - last.length(); // the middle parts must fit before the last one
        for (int i = 1; i < parts.length - 1; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            int at = indexOf(u, part, from, end);
            if (at < 0) {
                return false;
            }
            from = at + part.length();
        }
        return true;
    }

    /** The first occurrence of {@code part} in {@code text[from, end)}, or -1; O(end - from + part length). */
    static int indexOf(String text, String part, int from, int end) {
        int[] fail = new int[part.length()];
        for (int i = 1, k = 0; i < part.length(); i++) {
            while (k > 0 && part.charAt(i) != part.charAt(k)) {
                k = fail[k - 1];
            }
            if (part.charAt(i) == part.charAt(k)) {
                k++;
            }
            fail[i] = k;
        }
        for (int i = from, k = 0; i < end; i++) {
            while (k > 0 && text.charAt(i) != part.charAt(k)) {
                k = fail[k - 1];
            }
            if (text.charAt(i) == part.charAt(k)) {
                k++;
            }
            if (k == part.length()) {
                return i - part.length() + 1;
            }
        }
        return -1;
    }

    static String check(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.length() > MAX_PATTERN) {
            throw BatonException.invalid("patterns", "format", "a page pattern has 1 to " + MAX_PATTERN + " characters");
        }
        return pattern.strip();
    }
}
