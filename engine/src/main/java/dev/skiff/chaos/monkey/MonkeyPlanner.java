package dev.skiff.chaos.monkey;

import dev.skiff.chaos.Targets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When the monkey strikes next and whom, pure. Kill times form a Poisson process over the
 * schedule's open time: the gap is drawn from an exponential distribution with mean mtbf and
 * counted only while the window is open, so the mean time between kills is mtbf of window time
 * and every planned time falls inside the window (kube-monkey draws once a day instead).
 */
public final class MonkeyPlanner {

    /** Beyond this, a schedule is treated as never open (validation keeps days non-empty). */
    private static final int MAX_DAYS = 366 * 20;

    private MonkeyPlanner() {
    }

    /** The next kill after {@code from}. */
    public static Instant next(Instant from, Duration mtbf, Window window, RandomGenerator random) {
        return advance(from, gap(mtbf, random), window);
    }

    /** An exponential draw with mean {@code mtbf}, to the millisecond. */
    static Duration gap(Duration mtbf, RandomGenerator random) {
        double u = random.nextDouble(); // [0, 1): 1 - u is never 0
        return Duration.ofMillis(Math.round(-mtbf.toMillis() * Math.log(1 - u)));
    }

    /** The instant at which {@code open} of window time has passed since {@code from}. */
    static Instant advance(Instant from, Duration open, Window window) {
        Duration left = open;
        LocalDate day = from.atZone(window.zone()).toLocalDate().minusDays(1); // a window may start "yesterday" in the zone
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!window.days().contains(day.getDayOfWeek())) continue;
            Instant start = later(window.opens(day), from);
            Instant end = window.closes(day);
            if (!start.isBefore(end)) continue;
            Duration available = Duration.between(start, end);
            if (left.compareTo(available) < 0) return start.plus(left);
            left = left.minus(available);
        }
        throw new IllegalArgumentException("the schedule is never open: give it at least one day");
    }

    /** The pods a kill mode hits among {@code candidates} (kube-monkey's arithmetic, uniform pick). */
    public static <T> List<T> victims(List<T> candidates, KillMode mode, String value, RandomGenerator random) {
        return Targets.choose(candidates, mode.chaosMode, value, random);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
