package dev.baton.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PagePatternTests {

    @Test
    void matchesTheWholeUrlWithWildcardsAndIgnoresCase() {
        assertThat(PagePattern.matches("https://shop.example/help/*", "https://shop.example/help/returns")).isTrue();
        assertThat(PagePattern.matches("https://shop.example/help/*", "https://shop.example/pricing")).isFalse();
        assertThat(PagePattern.matches("https://shop.example/help/*", "https://SHOP.example/HELP/")).isTrue();
        assertThat(PagePattern.matches("*/checkout*", "https://a.example/de/checkout?step=2")).isTrue();
        assertThat(PagePattern.matches("https://a.example/", "https://a.example/")).isTrue();
        assertThat(PagePattern.matches("https://a.example/", "https://a.example/x")).isFalse();
        assertThat(PagePattern.matches("*", "")).isTrue();
        assertThat(PagePattern.matches("a*a", "a")).isFalse(); // prefix and suffix may not share the one 'a'
        assertThat(PagePattern.matches("ab*ba*ab", "abbab")).isFalse(); // the middle part may not overlap the last
        assertThat(PagePattern.matches("ab*ba*ab", "abbabab")).isTrue();
    }

    @Test
    void agreesWithARegularExpressionOnRandomPatternsAndUrls() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            String pattern = word(random, "ab*", 1 + random.nextInt(8));
            String url = word(random, "ab", random.nextInt(12));
            assertThat(PagePattern.matches(pattern, url)).as("%s against %s", pattern, url).isEqualTo(reference(pattern, url));
        }
    }

    /**
     * The review's attack: a rule with several wildcards and a crafted 2,000-character URL, which kept the old
     * regular expression busy for hours under the queue lock. Linear matching answers at once.
     */
    @Test
    void answersACraftedUrlAgainstAManyWildcardRuleWithoutBacktracking() {
        String pattern = "https://*a*a*a*a*a*a*a*a*/x";
        String url = "https://" + "a".repeat(1_990);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 1_000; i++) {
                assertThat(PagePattern.matches(pattern, url)).isFalse();
            }
        });
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static boolean reference(String pattern, String url) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(url).matches();
    }
}
