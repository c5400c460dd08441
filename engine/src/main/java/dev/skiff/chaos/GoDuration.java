package dev.skiff.chaos;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's duration syntax as Chaos Mesh uses it: {@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 2h}. */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** @throws IllegalArgumentException saying what a valid duration looks like */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) throw invalid(text);
        Matcher m = PART.matcher(text.trim());
        long nanos = 0;
        int at = 0;
        while (m.lookingAt()) {
            nanos += Math.round(Double.parseDouble(m.group(1)) * unitNanos(m.group(2)));
            at = m.end();
            m.region(at, text.trim().length());
        }
        if (at != text.trim().length() || at == 0) throw invalid(text);
        return Duration.ofNanos(nanos);
    }

    /** The shortest Go spelling: {@code 1m30s}, {@code 250ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toMillis() < 1000) return d.toMillis() + "ms";
        StringBuilder b = new StringBuilder();
        long s = d.toSeconds();
        if (s >= 3600) b.append(s / 3600).append('h');
        if (s % 3600 >= 60) b.append(s % 3600 / 60).append('m');
        if (s % 60 != 0 || b.isEmpty()) b.append(s % 60).append('s');
        return b.toString();
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration: use a number and a unit, e.g. 30s, 1m30s, 500ms, 2h");
    }
}
