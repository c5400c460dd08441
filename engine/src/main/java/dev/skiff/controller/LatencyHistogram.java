package dev.skiff.controller;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram with log-spaced buckets (four per doubling, so a quantile is
 * reported within about 19% of the true value) from 1 µs to about 12 days. Quantiles report the
 * upper bound of the bucket they fall in, as Prometheus' histogram_quantile would, but never more
 * than the largest value seen.
 */
public final class LatencyHistogram {

    private static final int STEPS_PER_DOUBLING = 4;
    private static final long[] UPPER_BOUNDS_NANOS = bounds();

    private final AtomicLongArray counts = new AtomicLongArray(UPPER_BOUNDS_NANOS.length + 1);
    private final LongAdder total = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    private static long[] bounds() {
        int doublings = 40; // 1 µs * 2^40 ≈ 12.7 days
        long[] bounds = new long[doublings * STEPS_PER_DOUBLING + 1];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = Math.round(1_000.0 * Math.pow(2, (double) i / STEPS_PER_DOUBLING));
        }
        return bounds;
    }

    public void record(Duration latency) {
        long nanos = Math.max(0, saturatedNanos(latency));
        int index = Arrays.binarySearch(UPPER_BOUNDS_NANOS, nanos);
        counts.incrementAndGet(index >= 0 ? index : -index - 1);
        total.increment();
        sumNanos.add(nanos);
        maxNanos.accumulate(nanos);
    }

    public long count() {
        return total.sum();
    }

    public Duration max() {
        return Duration.ofNanos(maxNanos.get());
    }

    public Duration mean() {
        long n = total.sum();
        return n == 0 ? Duration.ZERO : Duration.ofNanos(sumNanos.sum() / n);
    }

    /** The latency below which a fraction {@code q} (0..1) of the recorded calls fell. */
    public Duration quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be within 0..1, got " + q);
        }
        long[] snapshot = new long[counts.length()];
        long n = 0;
        for (int i = 0; i < snapshot.length; i++) {
            snapshot[i] = counts.get(i);
            n += snapshot[i];
        }
        if (n == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < snapshot.length; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(upperBound(i), maxNanos.get()));
            }
        }
        return max();
    }

    private static long upperBound(int index) {
        return index < UPPER_BOUNDS_NANOS.length ? UPPER_BOUNDS_NANOS[index] : Long.MAX_VALUE;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
