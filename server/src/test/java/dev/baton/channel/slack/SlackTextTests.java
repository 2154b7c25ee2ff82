package dev.baton.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.shared.BatonProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text to and from Slack, channel names, and the token cipher (docs/slack.md, adr/0040). */
class SlackTextTests {

    @Test
    void aVisitorCannotMentionChannelOrFakeALink() {
        assertThat(SlackText.escape("<!channel> <@U123> <https://evil.example|bank> & co"))
                .isEqualTo("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|bank&gt; &amp; co");
    }

    @Test
    void slackMarkupBecomesReadableText() {
        Map<String, String> names = Map.of("U1", "Anna");
        assertThat(SlackText.readable("Hi <@U1>, see <#C9|support>, <https://a.example|the FAQ>, <https://b.example> and <!here> &lt;3 &amp;",
                names::get)).isEqualTo("Hi @Anna, see #support, the FAQ (https://a.example), https://b.example and @here <3 &");
    }

    @Test
    void channelNamesAreValidSlackNames() {
        assertThat(SlackText.channelName("Véra Müller-Smith!", "a1b2c3")).isEqualTo("chat-vera-muller-smith-a1b2c3");
        assertThat(SlackText.channelName("???", "zz9zz9")).isEqualTo("chat-visitor-zz9zz9");
        String longName = SlackText.channelName("x".repeat(200), "abcdef");
        assertThat(longName).hasSizeLessThanOrEqualTo(80).matches("[a-z0-9_-]+").endsWith("-abcdef");
    }

    private static SlackSettings settings(String key) {
        return new SlackSettings("http://127.0.0.1:1/api/", "secret", key, false, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMinutes(10), Duration.ofSeconds(300), Duration.ofSeconds(30), "", "",
                "https://slack.com/oauth/v2/authorize", Duration.ofMinutes(10), "");
    }

    private static BatonProperties mode(BatonProperties.Mode mode) {
        return new BatonProperties(mode, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void tokensAreEncryptedAndReadBackOnlyWithTheSameKey() {
        TokenCipher cipher = new TokenCipher(settings("key-one"), mode(BatonProperties.Mode.DEVELOPMENT));
        String sealed = cipher.encrypt("xoxb-123-secret");
        assertThat(sealed).startsWith("v1:").doesNotContain("xoxb");
        assertThat(cipher.encrypt("xoxb-123-secret")).isNotEqualTo(sealed);
        assertThat(cipher.decrypt(sealed)).isEqualTo("xoxb-123-secret");
        TokenCipher other = new TokenCipher(settings("key-two"), mode(BatonProperties.Mode.DEVELOPMENT));
        assertThatThrownBy(() -> other.decrypt(sealed)).hasMessageContaining("encryption-key");
    }

    @Test
    void productionModeRefusesToStartWithoutAnEncryptionKey() {
        assertThatThrownBy(() -> new TokenCipher(settings(""), mode(BatonProperties.Mode.PRODUCTION)))
                .hasMessageContaining("baton.slack.encryption-key");
    }
}
