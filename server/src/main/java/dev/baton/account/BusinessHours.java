package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.FieldProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Weekly opening hours with holidays (Chatwoot's {@code working_hours} shape), and the two questions routing asks:
 * is it open at an instant, and when does it open next. Pure: the time zone is an argument, java.time does the
 * calendar. A day's hours are one span from open to close in local time; a close before the open runs overnight
 * into the next day. Local times that do not exist (the spring-forward gap) move forward by the gap; ambiguous ones
 * (the fall-back overlap) take the earlier offset, as {@link ZonedDateTime#of} does. A holiday closes its whole
 * date, including the part of an overnight span that reaches into it. Disabled hours are always open.
 */
public record BusinessHours(boolean enabled, List<Day> week, SortedSet<LocalDate> holidays) {

    /** At most this many holidays per team or account. */
    public static final int MAX_HOLIDAYS = 200;
    /** Chatwoot's default week: Monday to Friday, 09:00 to 17:00. */
    public static final BusinessHours OFF = new BusinessHours(false, defaultWeek(), new TreeSet<>());

    /**
     * One day of the week, {@code dayOfWeek} as Chatwoot counts (0 Sunday .. 6 Saturday). {@code closeHour} 24 with
     * minutes 0 is the end of the day.
     */
    public record Day(int dayOfWeek, boolean closedAllDay, boolean openAllDay, int openHour, int openMinutes, int closeHour,
                      int closeMinutes) {

        static Day closed(int dayOfWeek) {
            return new Day(dayOfWeek, true, false, 0, 0, 0, 0);
        }

        LocalTime opens() {
            return openAllDay ? LocalTime.MIDNIGHT : LocalTime.of(openHour, openMinutes);
        }

        /** Minutes from the day's local midnight to the close; past 1440 for an overnight span. */
        int closesAfterMinutes() {
            if (openAllDay) {
                return 24 * 60;
            }
            int open = openHour * 60 + openMinutes;
            int close = closeHour * 60 + closeMinutes;
            return close > open ? close : close + 24 * 60;
        }
    }

    /** What a client sends for one day; any field may be missing. */
    @Schema(description = "One day of Chatwoot's working_hours. A close before the open runs overnight into the next day; "
            + "a close equal to the open is refused (empty_span)")
    public record DayInput(@Schema(description = "0 (Sunday) to 6 (Saturday), each day at most once") Integer dayOfWeek,
                           @Schema(description = "Closed the whole day") Boolean closedAllDay,
                           @Schema(description = "Open from 00:00 to 24:00") Boolean openAllDay,
                           @Schema(description = "0 to 23") Integer openHour,
                           @Schema(description = "0 to 59") Integer openMinutes,
                           @Schema(description = "0 to 24 (24 only with minutes 0: the end of the day)") Integer closeHour,
                           @Schema(description = "0 to 59") Integer closeMinutes) {
    }

    public BusinessHours {
        week = List.copyOf(week);
        holidays = new TreeSet<>(holidays);
    }

    /** Whether people work at {@code t}. */
    public boolean isOpen(Instant t, ZoneId zone) {
        if (!enabled) {
            return true;
        }
        LocalDate today = t.atZone(zone).toLocalDate();
        // Yesterday's overnight span may still run.
        for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
            for (Span s : spans(d, zone)) {
                if (!t.isBefore(s.from) && t.isBefore(s.to)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first instant at or after {@code t} at which it is open: {@code t} itself when open, empty when it never opens
     * (every day closed, or holidays for the next year and more).
     */
    public Optional<Instant> nextOpening(Instant t, ZoneId zone) {
        if (isOpen(t, zone)) {
            return Optional.of(t);
        }
        LocalDate today = t.atZone(zone).toLocalDate();
        for (LocalDate d = today; d.isBefore(today.plusDays(MAX_HOLIDAYS + 8)); d = d.plusDays(1)) {
            Optional<Instant> first = spans(d, zone).stream().map(s -> s.from).filter(from -> from.isAfter(t))
                    .min(Comparator.naturalOrder());
            if (first.isPresent()) {
                return first;
            }
        }
        return Optional.empty();
    }

    /** The day's span (cut at midnight around holidays), as instants. */
    private List<Span> spans(LocalDate date, ZoneId zone) {
        Day day = week.get(date.getDayOfWeek().getValue() % 7);
        if (day.closedAllDay() || holidays.contains(date)) {
            return List.of();
        }
        Instant from = ZonedDateTime.of(date, day.opens(), zone).toInstant();
        int closes = day.closesAfterMinutes();
        LocalDate closeDate = date.plusDays(closes / (24 * 60));
        LocalTime closeTime = LocalTime.MIN.plusMinutes(closes % (24 * 60));
        if (closeDate.isAfter(date) && holidays.contains(closeDate)) {
            closeDate = date.plusDays(1);
            closeTime = LocalTime.MIDNIGHT;
        }
        Instant to = date.plusDays(1).equals(closeDate) && closeTime.equals(LocalTime.MIDNIGHT)
                ? date.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(closeDate, closeTime, zone).toInstant();
        return to.isAfter(from) ? List.of(new Span(from, to)) : List.of();
    }

    private record Span(Instant from, Instant to) {
    }

    // ---- input, checked

    /**
     * The hours a client sent, checked: every problem is a 422 naming its field ({@code working_hours[2].open_hour}
     * {@code range}, {@code holidays[0]} {@code date}, ...), and nothing is kept when one is wrong. A day left out is
     * closed; {@code null} days keep {@code current}'s week, {@code null} holidays keep its holidays.
     */
    public static BusinessHours check(BusinessHours current, Boolean enabled, List<DayInput> days, List<String> holidays) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Day> week = days == null ? current.week() : checkWeek(days, problems);
        SortedSet<LocalDate> dates = holidays == null ? current.holidays() : checkHolidays(holidays, problems);
        if (!problems.isEmpty()) {
            throw BatonException.invalid(problems);
        }
        return new BusinessHours(enabled == null ? current.enabled() : enabled, week, dates);
    }

    /** A time zone a client sent: an IANA id, or a 422 on {@code field}. */
    public static ZoneId checkZone(String field, String zone) {
        try {
            if (zone != null && ZoneId.getAvailableZoneIds().contains(zone.strip())) {
                return ZoneId.of(zone.strip());
            }
        } catch (DateTimeException e) {
            // refused below
        }
        throw BatonException.invalid(field, "inclusion", field + " must be an IANA time zone such as Europe/Zurich");
    }

    private static List<Day> checkWeek(List<DayInput> days, List<FieldProblem> problems) {
        Day[] week = new Day[7];
        for (int i = 0; i < days.size(); i++) {
            String at = "working_hours[" + i + "]";
            DayInput in = days.get(i);
            if (in == null || in.dayOfWeek() == null || in.dayOfWeek() < 0 || in.dayOfWeek() > 6) {
                problems.add(new FieldProblem(at + ".day_of_week", "range", at + ".day_of_week must be 0 (Sunday) to 6 (Saturday)"));
                continue;
            }
            int d = in.dayOfWeek();
            if (week[d] != null) {
                problems.add(new FieldProblem(at + ".day_of_week", "duplicate", at + ".day_of_week names a day twice"));
                continue;
            }
            if (Boolean.TRUE.equals(in.closedAllDay())) {
                week[d] = Day.closed(d);
            } else if (Boolean.TRUE.equals(in.openAllDay())) {
                week[d] = new Day(d, false, true, 0, 0, 24, 0);
            } else {
                int before = problems.size();
                int oh = within(problems, at + ".open_hour", in.openHour(), 23);
                int om = within(problems, at + ".open_minutes", in.openMinutes(), 59);
                int ch = within(problems, at + ".close_hour", in.closeHour(), 24);
                int cm = within(problems, at + ".close_minutes", in.closeMinutes(), 59);
                if (problems.size() == before && ch == 24 && cm != 0) {
                    problems.add(new FieldProblem(at + ".close_minutes", "range", at + ".close_minutes must be 0 when close_hour is 24"));
                } else if (problems.size() == before && oh * 60 + om == ch * 60 + cm) {
                    problems.add(new FieldProblem(at + ".close_hour", "empty_span",
                            at + " closes when it opens: use closed_all_day or open_all_day"));
                }
                week[d] = new Day(d, false, false, oh, om, ch, cm);
            }
        }
        List<Day> out = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            out.add(week[d] == null ? Day.closed(d) : week[d]);
        }
        return out;
    }

    private static int within(List<FieldProblem> problems, String field, Integer value, int max) {
        if (value == null || value < 0 || value > max) {
            problems.add(new FieldProblem(field, "range", field + " must be between 0 and " + max));
            return 0;
        }
        return value;
    }

    private static SortedSet<LocalDate> checkHolidays(List<String> holidays, List<FieldProblem> problems) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        if (holidays.size() > MAX_HOLIDAYS) {
            problems.add(new FieldProblem("holidays", "length", "holidays may list at most " + MAX_HOLIDAYS + " dates"));
            return dates;
        }
        for (int i = 0; i < holidays.size(); i++) {
            try {
                dates.add(LocalDate.parse(holidays.get(i) == null ? "" : holidays.get(i).strip()));
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("holidays[" + i + "]", "date", "holidays[" + i + "] must be a date such as 2026-12-25"));
            }
        }
        return dates;
    }

    // ---- storage: one short text per week and per holiday list

    /** The week as stored: seven entries "d:closed", "d:all" or "d:HH:MM-HH:MM", separated by ";". */
    public String weekText() {
        List<String> parts = new ArrayList<>();
        for (Day d : week) {
            parts.add(d.dayOfWeek() + ":" + (d.closedAllDay() ? "closed" : d.openAllDay() ? "all"
                    : String.format("%02d:%02d-%02d:%02d", d.openHour(), d.openMinutes(), d.closeHour(), d.closeMinutes())));
        }
        return String.join(";", parts);
    }

    public String holidaysText() {
        return String.join(",", holidays.stream().map(LocalDate::toString).toList());
    }

    /** Hours as stored; a week never stored is Chatwoot's default. */
    public static BusinessHours stored(boolean enabled, String weekText, String holidaysText) {
        List<Day> week = weekText == null || weekText.isBlank() ? defaultWeek() : new ArrayList<>();
        if (weekText != null && !weekText.isBlank()) {
            for (String part : weekText.split(";")) {
                int d = Integer.parseInt(part.substring(0, 1));
                String v = part.substring(2);
                week.add(switch (v) {
                    case "closed" -> Day.closed(d);
                    case "all" -> new Day(d, false, true, 0, 0, 24, 0);
                    default -> new Day(d, false, false, Integer.parseInt(v.substring(0, 2)), Integer.parseInt(v.substring(3, 5)),
                            Integer.parseInt(v.substring(6, 8)), Integer.parseInt(v.substring(9, 11)));
                });
            }
        }
        SortedSet<LocalDate> dates = new TreeSet<>();
        if (holidaysText != null && !holidaysText.isBlank()) {
            for (String date : holidaysText.split(",")) {
                dates.add(LocalDate.parse(date));
            }
        }
        return new BusinessHours(enabled, week, dates);
    }

    private static List<Day> defaultWeek() {
        List<Day> week = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            boolean weekday = d >= DayOfWeek.MONDAY.getValue() && d <= DayOfWeek.FRIDAY.getValue();
            week.add(weekday ? new Day(d, false, false, 9, 0, 17, 0) : Day.closed(d));
        }
        return week;
    }

    /** The holidays as dates (for views). */
    public Collection<String> holidayDates() {
        return holidays.stream().map(LocalDate::toString).toList();
    }
}
