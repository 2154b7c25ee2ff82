package dev.baton.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.report.ReportRepository.Bucket;
import dev.baton.report.ReportRepository.Part;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a period is cut into edge hours, edge days and whole months (docs/adr/0050). */
class ReportPartsTests {

    private static Part part(Bucket bucket, String from, String to) {
        return new Part(bucket, Instant.parse(from), Instant.parse(to));
    }

    @Test
    void aYearInZurichIsItsEdgeHoursEdgeDaysAndWholeUtcMonths() {
        Instant[] year = Reports.days(LocalDate.parse("2025-12-03"), LocalDate.parse("2026-12-02"), ZoneId.of("Europe/Zurich"));
        assertThat(ReportRepository.parts(year[0], year[1])).containsExactly(
                part(Bucket.HOUR, "2025-12-02T23:00:00Z", "2025-12-03T00:00:00Z"),
                part(Bucket.DAY, "2025-12-03T00:00:00Z", "2026-01-01T00:00:00Z"),
                part(Bucket.MONTH, "2026-01-01T00:00:00Z", "2026-12-01T00:00:00Z"),
                part(Bucket.DAY, "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"),
                part(Bucket.HOUR, "2026-12-02T00:00:00Z", "2026-12-02T23:00:00Z"));
    }

    @Test
    void aHalfHourZonesDayStartsAtTheFirstWholeHourInIt() {
        // Asia/Kolkata's 1 March 2026 is 28 Feb 18:30 to 1 March 18:30 UTC: the hours starting 19:00 to 18:00
        Instant[] day = Reports.days(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-01"), ZoneId.of("Asia/Kolkata"));
        List<Part> parts = ReportRepository.parts(day[0], day[1]);
        assertThat(parts.getFirst()).isEqualTo(part(Bucket.HOUR, "2026-02-28T19:00:00Z", "2026-03-01T19:00:00Z"));
        assertThat(parts.subList(1, 5)).allMatch(p -> p.from().equals(p.to()));
    }

    @Test
    void aHalfHourZonesMonthTakesWholeUtcDaysBetweenItsEdgeHours() {
        Instant[] march = Reports.days(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31"), ZoneId.of("Asia/Kolkata"));
        assertThat(ReportRepository.parts(march[0], march[1])).containsExactly(
                part(Bucket.HOUR, "2026-02-28T19:00:00Z", "2026-03-01T00:00:00Z"),
                part(Bucket.DAY, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z"),
                part(Bucket.MONTH, "2026-03-31T00:00:00Z", "2026-03-31T00:00:00Z"),
                part(Bucket.DAY, "2026-03-31T00:00:00Z", "2026-03-31T00:00:00Z"),
                part(Bucket.HOUR, "2026-03-31T00:00:00Z", "2026-03-31T19:00:00Z"));
    }

    @Test
    void aPeriodWithinOneUtcDayIsHoursOnly() {
        List<Part> parts = ReportRepository.parts(Instant.parse("2026-05-05T10:15:00Z"), Instant.parse("2026-05-05T20:00:00.5Z"));
        assertThat(parts.getFirst()).isEqualTo(part(Bucket.HOUR, "2026-05-05T11:00:00Z", "2026-05-05T21:00:00Z"));
        assertThat(parts.subList(1, 5)).allMatch(p -> p.from().equals(p.to()));
    }

    @Test
    void anEmptyOrBackwardPeriodReadsNothing() {
        assertThat(ReportRepository.parts(Instant.parse("2026-05-05T10:00:00Z"), Instant.parse("2026-05-01T10:00:00Z")))
                .allMatch(p -> p.from().equals(p.to()));
    }
}
