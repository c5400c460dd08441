package dev.skiff.chaos.monkey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A parsed {@link MonkeySchedule}: from {@code startMinute} to {@code endMinute} (1440 = midnight
 * at the end of the day) on {@code days}, in {@code zone}. Local times follow the zone's clock
 * changes (a 09:00 start is 09:00 summer and winter).
 */
public record Window(int startMinute, int endMinute, Set<DayOfWeek> days, ZoneId zone) {

    public Window {
        days = Set.copyOf(days);
    }

    public Instant opens(LocalDate day) {
        return ZonedDateTime.of(day, LocalTime.MIN.plusMinutes(startMinute), zone).toInstant();
    }

    public Instant closes(LocalDate day) {
        if (endMinute >= 24 * 60) return day.plusDays(1).atStartOfDay(zone).toInstant();
        return ZonedDateTime.of(day, LocalTime.MIN.plusMinutes(endMinute), zone).toInstant();
    }

    /** Whether the monkey may act at {@code t}. */
    public boolean isOpen(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        return days.contains(day.getDayOfWeek()) && !t.isBefore(opens(day)) && t.isBefore(closes(day));
    }
}
