package dev.skiff.agent;

import java.time.Duration;

/**
 * Kubernetes' crash-loop back-off: {@code base} after the first crash, doubling to {@code max};
 * a container that ran for {@code resetAfter} starts over from {@code base}.
 */
public record Backoff(Duration base, Duration max, Duration resetAfter) {
    public static final Backoff KUBERNETES = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(5),
            Duration.ofMinutes(10));

    /** A back-off with the given base and Kubernetes' proportions (max = 30 × base, reset = 60 × base). */
    public static Backoff withBase(Duration base) {
        return new Backoff(base, base.multipliedBy(30), base.multipliedBy(60));
    }

    /** The wait before restart number {@code crashes} (1 = after the first crash). */
    public Duration delay(int crashes) {
        if (crashes <= 0) return Duration.ZERO;
        var d = base;
        for (int i = 1; i < crashes && d.compareTo(max) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(max) > 0 ? max : d;
    }
}
