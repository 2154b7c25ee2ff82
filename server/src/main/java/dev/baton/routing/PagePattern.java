package dev.baton.routing;

import java.util.regex.Pattern;

/** Page rules are URLs with {@code *} wildcards, e.g. {@code https://shop.example/support/*}. */
final class PagePattern {

    private PagePattern() {
    }

    static boolean matches(String pattern, String url) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(url).matches();
    }

    static String check(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.length() > 500) {
            throw dev.baton.shared.BatonException.invalid("patterns", "format", "a page pattern has 1 to 500 characters");
        }
        return pattern.strip();
    }
}
