package dev.skiff.output;

import java.time.Duration;
import java.time.Instant;

/** Ages as kubectl prints them (apimachinery's {@code HumanDuration}): 45s, 5m30s, 3h, 12d. */
public final class Age {
    private Age() {}

    public static String since(Instant then, Instant now) {
        return then == null ? "<unknown>" : human(Duration.between(then, now));
    }

    public static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 0) return "0s";
        if (seconds < 120) return seconds + "s";
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) return minutes + "m";
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) return hours + "h";
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) return hours / 24 + "d";
        long years = hours / 24 / 365;
        if (years < 8) {
            long days = hours / 24 % 365;
            return days == 0 ? years + "y" : years + "y" + days + "d";
        }
        return years + "y";
    }
}
