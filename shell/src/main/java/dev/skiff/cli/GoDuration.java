package dev.skiff.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** kubectl's duration flags ({@code --timeout=90s}, {@code 5m}, {@code 1h30m}; a bare number is seconds). */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private GoDuration() {}

    static Duration parse(String flag, String value) {
        if (value.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(value));
        Matcher m = PART.matcher(value);
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != value.length()) {
            throw new UserError(flag + " \"" + value + "\" is not a duration: use e.g. 30s, 5m or 1h30m");
        }
        return d;
    }
}
