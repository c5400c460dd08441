package dev.skiff.controller;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-key exponential backoff: {@code base * 2^failures}, capped at {@code max} — client-go's
 * ItemExponentialFailureRateLimiter. The defaults (5 ms doubling to 1000 s) are client-go's too.
 */
public final class ExponentialBackoff<K> implements RateLimiter<K> {

    public static final Duration DEFAULT_BASE = Duration.ofMillis(5);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(1000);

    private final Duration base;
    private final Duration max;
    private final Map<K, Integer> failures = new HashMap<>();

    public ExponentialBackoff(Duration base, Duration max) {
        this.base = Objects.requireNonNull(base, "base");
        this.max = Objects.requireNonNull(max, "max");
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max, got base " + base + ", max " + max);
        }
    }

    public static <K> ExponentialBackoff<K> defaults() {
        return new ExponentialBackoff<>(DEFAULT_BASE, DEFAULT_MAX);
    }

    @Override
    public synchronized Duration when(K key) {
        int exponent = failures.merge(key, 1, Integer::sum) - 1;
        return delayFor(exponent);
    }

    private Duration delayFor(int exponent) {
        // Past 62 doublings even 1 ns overflows; the cap applies long before for any sane base.
        if (exponent >= 62) {
            return max;
        }
        long factor = 1L << exponent;
        long baseNanos = base.toNanos();
        if (baseNanos > Long.MAX_VALUE / factor) {
            return max;
        }
        Duration delay = Duration.ofNanos(baseNanos * factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    @Override
    public synchronized void forget(K key) {
        failures.remove(key);
    }

    @Override
    public synchronized int retries(K key) {
        return failures.getOrDefault(key, 0);
    }
}
