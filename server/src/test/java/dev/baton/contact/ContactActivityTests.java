package dev.baton.contact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactActivityTests {

    private static final Instant T = Instant.parse("2026-12-04T03:00:00Z");

    private final ContactActivity activity = new ContactActivity();

    @Test
    void aContactNeverWrittenByThisNodeIsDue() {
        assertThat(activity.due(1, T)).isTrue();
    }

    @Test
    void aWriteIsDueAgainOnlyOnceTheWindowHasPassed() {
        activity.wrote(1, T);

        assertThat(activity.due(1, T)).isFalse();
        assertThat(activity.due(1, T.plus(ContactActivity.WINDOW).minusNanos(1000))).isFalse();
        assertThat(activity.due(1, T.plus(ContactActivity.WINDOW))).isTrue();
        assertThat(activity.due(2, T)).as("another contact").isTrue();
    }

    @Test
    void aClockThatWentBackIsNotTakenForRecentActivity() {
        activity.wrote(1, T);

        assertThat(activity.due(1, T.minus(Duration.ofSeconds(1)))).isTrue();
    }

    @Test
    void anOlderWriteRememberedLaterDoesNotHideTheNewerOne() {
        activity.wrote(1, T);
        activity.wrote(1, T.minus(Duration.ofSeconds(50)));

        assertThat(activity.due(1, T.plus(Duration.ofSeconds(30)))).isFalse();
    }
}
