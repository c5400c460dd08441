package dev.skiff.scenario;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a probe's value must be for the hypothesis to hold, as Chaos Toolkit writes it: a scalar
 * (equal), {@code [lo, hi]} (inclusive range), or {@code {type: regex, pattern}}. A process probe's
 * value is {@code {status, stdout}}: numbers and ranges check the exit status, a regex the output.
 */
public sealed interface Tolerance {

    boolean accepts(Object value);

    /** As written, for journals and messages. */
    String describe();

    record Range(double low, double high) implements Tolerance {
        @Override
        public boolean accepts(Object value) {
            Double d = number(value instanceof Map<?, ?> m ? m.get("status") : value);
            return d != null && d >= low && d <= high;
        }

        @Override
        public String describe() {
            return "[" + trim(low) + ", " + trim(high) + "]";
        }
    }

    record Equals(Object expected) implements Tolerance {
        @Override
        public boolean accepts(Object value) {
            Object v = value instanceof Map<?, ?> m && expected instanceof Number ? m.get("status") : value;
            Double a = number(v);
            Double b = number(expected);
            if (a != null && b != null) return a.doubleValue() == b.doubleValue();
            return Objects.equals(v == null ? null : String.valueOf(v), expected == null ? null : String.valueOf(expected));
        }

        @Override
        public String describe() {
            return String.valueOf(expected);
        }
    }

    record Regex(String pattern) implements Tolerance {
        @Override
        public boolean accepts(Object value) {
            Object v = value instanceof Map<?, ?> m ? m.get("stdout") : value;
            return v != null && Pattern.compile(pattern).matcher(String.valueOf(v)).find();
        }

        @Override
        public String describe() {
            return "/" + pattern + "/";
        }
    }

    private static Double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean) return null;
        return null;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
