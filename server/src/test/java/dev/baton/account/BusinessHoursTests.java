package dev.baton.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.shared.BatonException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BusinessHoursTests {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** Monday to Friday 09:00-17:00 (Chatwoot's default), plus the given holidays. */
    private static BusinessHours weekdays(String... holidays) {
        return BusinessHours.check(BusinessHours.OFF, true, null, List.of(holidays));
    }

    private static BusinessHours hours(List<BusinessHours.DayInput> days) {
        return BusinessHours.check(BusinessHours.OFF, true, days, List.of());
    }

    private static BusinessHours.DayInput span(int day, int oh, int om, int ch, int cm) {
        return new BusinessHours.DayInput(day, false, false, oh, om, ch, cm);
    }

    private static Instant at(String localDateTime, ZoneId zone) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), zone).toInstant();
    }

    @Test
    void isOpenInsideTheDaysSpanAndClosedAtItsEnd() {
        BusinessHours h = weekdays();
        // 2026-12-07 is a Monday.
        assertThat(h.isOpen(at("2026-12-07T09:00", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-07T16:59", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-07T17:00", ZURICH), ZURICH)).isFalse();
        assertThat(h.isOpen(at("2026-12-07T08:59", ZURICH), ZURICH)).isFalse();
    }

    @Test
    void theSameInstantIsOpenInOneZoneAndClosedInAnother() {
        Instant t = at("2026-12-07T10:00", ZURICH);
        assertThat(weekdays().isOpen(t, ZURICH)).isTrue();
        assertThat(weekdays().isOpen(t, NEW_YORK)).isFalse(); // 04:00 there
    }

    @Test
    void closedDaysOpenNextOnTheFollowingWorkingDay() {
        Instant saturday = at("2026-12-12T11:00", ZURICH);
        assertThat(weekdays().isOpen(saturday, ZURICH)).isFalse();
        assertThat(weekdays().nextOpening(saturday, ZURICH)).contains(at("2026-12-14T09:00", ZURICH));
    }

    @Test
    void nextOpeningOfAnOpenInstantIsThatInstant() {
        Instant t = at("2026-12-07T12:00", ZURICH);
        assertThat(weekdays().nextOpening(t, ZURICH)).contains(t);
    }

    @Test
    void aHolidayIsClosedAllDayAndSkippedByTheNextOpening() {
        BusinessHours h = weekdays("2026-12-24", "2026-12-25");
        assertThat(h.isOpen(at("2026-12-24T10:00", ZURICH), ZURICH)).isFalse();
        assertThat(h.nextOpening(at("2026-12-23T18:00", ZURICH), ZURICH)).contains(at("2026-12-28T09:00", ZURICH));
    }

    @Test
    void anOvernightSpanRunsPastMidnightIntoTheNextDay() {
        // Friday 22:00 to 02:00; Saturday closed.
        BusinessHours h = hours(List.of(span(5, 22, 0, 2, 0)));
        assertThat(h.isOpen(at("2026-12-11T23:30", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-12T01:59", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-12T02:00", ZURICH), ZURICH)).isFalse();
        assertThat(h.nextOpening(at("2026-12-12T03:00", ZURICH), ZURICH)).contains(at("2026-12-18T22:00", ZURICH));
    }

    @Test
    void aHolidayCutsTheOvernightSpanReachingIntoItAtMidnight() {
        BusinessHours h = BusinessHours.check(BusinessHours.OFF, true, List.of(span(5, 22, 0, 2, 0)), List.of("2026-12-12"));
        assertThat(h.isOpen(at("2026-12-11T23:59", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-12T00:30", ZURICH), ZURICH)).isFalse();
    }

    @Test
    void springForwardShortensTheDayAndMovesAnOpeningInTheGapToAfterIt() {
        // Europe/Zurich, 2026-03-29 (Sunday): 02:00 becomes 03:00.
        BusinessHours h = hours(List.of(span(0, 2, 30, 12, 0)));
        Instant saturdayNight = at("2026-03-28T23:00", ZURICH);
        Optional<Instant> next = h.nextOpening(saturdayNight, ZURICH);
        assertThat(next).contains(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST, the gap's length later
        assertThat(h.isOpen(Instant.parse("2026-03-29T09:59:00Z"), ZURICH)).isTrue(); // 11:59 CEST
        assertThat(h.isOpen(Instant.parse("2026-03-29T10:00:00Z"), ZURICH)).isFalse(); // 12:00 CEST
    }

    @Test
    void fallBackKeepsTheLocalClosingTimeSoTheDayIsAnHourLonger() {
        // Europe/Zurich, 2026-10-25 (Sunday): 03:00 CEST becomes 02:00 CET. Open 00:00-06:00 local: seven hours.
        BusinessHours h = hours(List.of(span(0, 0, 0, 6, 0)));
        assertThat(h.isOpen(Instant.parse("2026-10-24T22:00:00Z"), ZURICH)).isTrue(); // 00:00 CEST
        assertThat(h.isOpen(Instant.parse("2026-10-25T04:59:00Z"), ZURICH)).isTrue(); // 05:59 CET
        assertThat(h.isOpen(Instant.parse("2026-10-25T05:00:00Z"), ZURICH)).isFalse(); // 06:00 CET
    }

    @Test
    void anOpenAllDayDayIsOpenFromMidnightToMidnight() {
        BusinessHours h = hours(List.of(new BusinessHours.DayInput(1, false, true, null, null, null, null)));
        assertThat(h.isOpen(at("2026-12-07T00:00", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-07T23:59", ZURICH), ZURICH)).isTrue();
        assertThat(h.isOpen(at("2026-12-08T00:00", ZURICH), ZURICH)).isFalse();
    }

    @Test
    void disabledHoursAreAlwaysOpen() {
        assertThat(BusinessHours.OFF.isOpen(at("2026-12-12T03:00", ZURICH), ZURICH)).isTrue();
    }

    @Test
    void hoursThatNeverOpenHaveNoNextOpening() {
        BusinessHours h = hours(List.of());
        assertThat(h.isOpen(at("2026-12-07T10:00", ZURICH), ZURICH)).isFalse();
        assertThat(h.nextOpening(at("2026-12-07T10:00", ZURICH), ZURICH)).isEmpty();
    }

    @Test
    void refusesHoursOutOfRangeWithEveryFieldNamed() {
        assertThatThrownBy(() -> hours(List.of(span(1, 25, 0, 17, 60), new BusinessHours.DayInput(7, null, null, 9, 0, 17, 0))))
                .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.fieldErrors()).extracting("field", "code").containsExactly(
                        org.assertj.core.groups.Tuple.tuple("working_hours[0].open_hour", "range"),
                        org.assertj.core.groups.Tuple.tuple("working_hours[0].close_minutes", "range"),
                        org.assertj.core.groups.Tuple.tuple("working_hours[1].day_of_week", "range")));
    }

    @Test
    void refusesASpanThatClosesWhenItOpensAndADayNamedTwice() {
        assertThatThrownBy(() -> hours(List.of(span(1, 9, 0, 9, 0))))
                .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.fieldErrors()).extracting("code").containsExactly("empty_span"));
        assertThatThrownBy(() -> hours(List.of(span(1, 9, 0, 17, 0), span(1, 10, 0, 12, 0))))
                .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.fieldErrors()).extracting("code").containsExactly("duplicate"));
    }

    @Test
    void refusesABadDateAndABadTimeZone() {
        assertThatThrownBy(() -> weekdays("2026-02-30"))
                .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.fieldErrors()).extracting("field", "code")
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("holidays[0]", "date")));
        assertThatThrownBy(() -> BusinessHours.checkZone("timezone", "Mars/Olympus"))
                .isInstanceOfSatisfying(BatonException.class, e -> assertThat(e.fieldErrors()).extracting("code").containsExactly("inclusion"));
    }

    @Test
    void survivesTheRoundTripThroughItsStoredText() {
        BusinessHours h = BusinessHours.check(BusinessHours.OFF, true,
                List.of(span(5, 22, 0, 2, 0), new BusinessHours.DayInput(6, false, true, null, null, null, null), span(1, 9, 30, 24, 0)),
                List.of("2026-12-25", "2026-01-01"));
        BusinessHours back = BusinessHours.stored(true, h.weekText(), h.holidaysText());
        assertThat(back).isEqualTo(h);
        assertThat(back.holidays()).containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-25"));
    }
}
