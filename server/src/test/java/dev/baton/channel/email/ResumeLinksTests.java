package dev.baton.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The token of the link that reopens a chat: one conversation, signed with its follow-up's key, until it expires. */
class ResumeLinksTests {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final FollowUpSettings SETTINGS = new FollowUpSettings("", Duration.ofDays(14),
            new FollowUpSettings.Imap(false, "", 993, "", "", true, Duration.ofSeconds(60), "INBOX"));

    private static ResumeLinks at(Instant now) {
        return new ResumeLinks(SETTINGS, null, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static ErrorCode refusal(Runnable verify) {
        try {
            verify.run();
        } catch (BatonException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aTokenNamesItsConversationAndHoldsWithItsKeyUntilItExpires() {
        String token = at(NOW).token(42, "key-a");
        ResumeLinks.Parsed parsed = ResumeLinks.parse(token);
        assertThat(parsed.conversationId()).isEqualTo(42);
        at(NOW.plus(Duration.ofDays(14))).verify(parsed, "key-a");
        assertThat(refusal(() -> at(NOW.plus(Duration.ofDays(14)).plusSeconds(1)).verify(parsed, "key-a")))
                .isEqualTo(ErrorCode.RESUME_LINK_EXPIRED);
    }

    @Test
    void anotherKeyAnotherConversationOrALaterExpiryIsRefused() {
        String token = at(NOW).token(42, "key-a");
        ResumeLinks.Parsed parsed = ResumeLinks.parse(token);
        assertThat(refusal(() -> at(NOW).verify(parsed, "key-b"))).isEqualTo(ErrorCode.RESUME_LINK_INVALID);
        ResumeLinks.Parsed other = new ResumeLinks.Parsed(43, parsed.expires(), parsed.signature());
        assertThat(refusal(() -> at(NOW).verify(other, "key-a"))).isEqualTo(ErrorCode.RESUME_LINK_INVALID);
        ResumeLinks.Parsed longer = new ResumeLinks.Parsed(42, parsed.expires() + 86_400, parsed.signature());
        assertThat(refusal(() -> at(NOW).verify(longer, "key-a"))).isEqualTo(ErrorCode.RESUME_LINK_INVALID);
    }

    @Test
    void aMalformedTokenIsRefused() {
        for (String bad : new String[] {"", "42", "42.x.sig", "a.1.sig", "1.2.3.4"}) {
            assertThatThrownBy(() -> ResumeLinks.parse(bad)).isInstanceOfSatisfying(BatonException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.RESUME_LINK_INVALID));
        }
    }
}
