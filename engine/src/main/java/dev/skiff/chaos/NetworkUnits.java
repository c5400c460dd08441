package dev.skiff.chaos;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NetworkChaos's units, read as Chaos Mesh (and tc, which it hands them to) read them: rates with
 * SI prefixes where {@code bit} means bits and {@code bps} means <em>bytes</em> per second
 * ({@code 1mbps} = 1,000,000 bytes/s, {@code 8mbit} the same), units case-insensitive; and
 * percentages as strings of a number from 0 to 100.
 */
public final class NetworkUnits {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");
    private static final String RATE_HELP = "use a number and a unit: bit, kbit, mbit, gbit, tbit (bits per second) "
            + "or bps, kbps, mbps, gbps, tbps (bytes per second), e.g. 1mbps";

    private NetworkUnits() {
    }

    /**
     * @return the rate in bytes per second (at least 1)
     * @throws IllegalArgumentException saying what a valid rate looks like
     */
    public static long bytesPerSecond(String rate) {
        if (rate == null || rate.isBlank()) throw new IllegalArgumentException("required: " + RATE_HELP);
        Matcher m = RATE.matcher(rate.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("\"" + rate + "\" is not a rate: " + RATE_HELP);
        double bits = Double.parseDouble(m.group(1)) * bitsPerUnit(m.group(2), rate);
        long bytes = (long) Math.floor(bits / 8);
        if (bytes < 1) throw new IllegalArgumentException("\"" + rate + "\" is below 1 byte per second: " + RATE_HELP);
        return bytes;
    }

    private static double bitsPerUnit(String unit, String rate) {
        return switch (unit) {
            case "bit" -> 1;
            case "kbit" -> 1e3;
            case "mbit" -> 1e6;
            case "gbit" -> 1e9;
            case "tbit" -> 1e12;
            case "bps" -> 8;
            case "kbps" -> 8e3;
            case "mbps" -> 8e6;
            case "gbps" -> 8e9;
            case "tbps" -> 8e12;
            default -> throw new IllegalArgumentException("\"" + rate + "\" has an unknown unit \"" + unit + "\": " + RATE_HELP);
        };
    }

    /**
     * @return a percentage string ({@code "25"}, {@code "12.5"}) as a share from 0 to 1
     * @throws IllegalArgumentException saying what a valid percentage looks like
     */
    public static double share(String percent) {
        if (percent == null || percent.isBlank()) {
            throw new IllegalArgumentException("required: a percentage from 0 to 100, e.g. \"25\"");
        }
        double d;
        try {
            d = Double.parseDouble(percent.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + percent + "\" is not a percentage: use a number from 0 to 100, e.g. \"25\"");
        }
        if (!(d >= 0 && d <= 100)) throw new IllegalArgumentException(percent + " is out of range: use 0 to 100");
        return d / 100;
    }
}
