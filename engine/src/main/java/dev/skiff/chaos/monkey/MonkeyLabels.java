package dev.skiff.chaos.monkey;

import dev.skiff.api.FieldError;
import dev.skiff.api.WireValue;
import dev.skiff.chaos.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a workload opts in, kube-monkey's labels under Skiff's prefix: {@value #ENABLED}=true,
 * {@value #MTBF} (a Go duration: the mean time between kills, counted inside the schedule's
 * window), {@value #KILL_MODE} (default fixed) and {@value #KILL_VALUE} (default 1);
 * {@value #FORCE}=true lets kill-all pass the blast radius.
 */
public final class MonkeyLabels {

    public static final String ENABLED = "chaos.skiff.dev/enabled";
    public static final String MTBF = "chaos.skiff.dev/mtbf";
    public static final String KILL_MODE = "chaos.skiff.dev/kill-mode";
    public static final String KILL_VALUE = "chaos.skiff.dev/kill-value";
    public static final String FORCE = "chaos.skiff.dev/force";
    /** Marks the faults the monkey creates. */
    public static final String CREATED_BY = "chaos.skiff.dev/monkey";
    static final Duration MIN_MTBF = Duration.ofSeconds(1);

    private MonkeyLabels() {
    }

    /** What a workload's labels say. */
    public sealed interface Enrollment permits Off, On, Invalid {
    }

    public record Off() implements Enrollment {
    }

    public record On(Duration mtbf, KillMode mode, String value, boolean force) implements Enrollment {
        /** "fixed 2", "kill-all": for people. */
        public String describe() {
            return mode == KillMode.KILL_ALL ? mode.wire() : mode.wire() + " " + value;
        }
    }

    /** Enabled, but the labels are wrong: each problem names the label and how to fix it. */
    public record Invalid(List<FieldError> problems) implements Enrollment {
    }

    public static Enrollment of(Map<String, String> labels) {
        if (!"true".equalsIgnoreCase(labels.getOrDefault(ENABLED, "").trim())) return new Off();
        List<FieldError> p = new ArrayList<>();
        Duration mtbf = mtbf(labels.get(MTBF), p);
        KillMode mode = mode(labels.get(KILL_MODE), p);
        String value = labels.getOrDefault(KILL_VALUE, "1").trim();
        if (mode != null) value(mode, value, p);
        if (!p.isEmpty()) return new Invalid(p);
        return new On(mtbf, mode, value, "true".equalsIgnoreCase(labels.getOrDefault(FORCE, "")));
    }

    private static Duration mtbf(String text, List<FieldError> p) {
        if (text == null) {
            p.add(problem(MTBF, "required with " + ENABLED + "=true: the mean time between kills, e.g. 1h or 30m"));
            return null;
        }
        try {
            Duration d = GoDuration.parse(text);
            if (d.compareTo(MIN_MTBF) < 0) p.add(problem(MTBF, "\"" + text + "\" is too short: at least 1s, e.g. 1h"));
            return d;
        } catch (IllegalArgumentException e) {
            p.add(problem(MTBF, e.getMessage()));
            return null;
        }
    }

    private static KillMode mode(String text, List<FieldError> p) {
        if (text == null) return KillMode.FIXED;
        try {
            return KillMode.of(text.trim());
        } catch (IllegalArgumentException e) {
            p.add(problem(KILL_MODE, "\"" + text + "\" is not a kill mode: use one of " + WireValue.supported(KillMode.class)));
            return null;
        }
    }

    private static void value(KillMode mode, String value, List<FieldError> p) {
        if (mode == KillMode.KILL_ALL) return;
        String what = mode == KillMode.FIXED ? "the number of pods to kill, 1 or more" : "a percentage from 0 to 100";
        try {
            int n = Integer.parseInt(value);
            boolean ok = mode == KillMode.FIXED ? n >= 1 : n >= 0 && n <= 100;
            if (!ok) p.add(problem(KILL_VALUE, value + " is out of range for " + mode + ": " + what));
        } catch (NumberFormatException e) {
            p.add(problem(KILL_VALUE, "\"" + value + "\" is not a whole number: for " + mode + " use " + what));
        }
    }

    private static FieldError problem(String label, String message) {
        return new FieldError("metadata.labels[" + label + "]", message);
    }
}
