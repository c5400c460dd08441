package dev.skiff.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void quantilesAreWithinABucketOfTheTruth() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            histogram.record(Duration.ofMillis(ms));
        }
        assertThat(histogram.count()).isEqualTo(1000);
        assertThat(millis(histogram.quantile(0.5))).isCloseTo(500, within(500 * 0.19));
        assertThat(millis(histogram.quantile(0.99))).isCloseTo(990, within(990 * 0.19));
        assertThat(histogram.quantile(1.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(histogram.max()).isEqualTo(Duration.ofMillis(1000));
        assertThat(histogram.mean()).isEqualTo(Duration.ofNanos(500_500_000));
    }

    @Test
    void emptyHistogramReportsZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.quantile(0.99)).isEqualTo(Duration.ZERO);
        assertThat(histogram.mean()).isEqualTo(Duration.ZERO);
    }

    @Test
    void quantileNeverExceedsTheLargestValueSeen() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Duration.ofNanos(1_100_000));
        assertThat(histogram.quantile(0.5)).isEqualTo(Duration.ofNanos(1_100_000));
    }

    @Test
    void extremeValuesLandInTheEdgeBuckets() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(Duration.ZERO);
        histogram.record(Duration.ofDays(365_000));
        assertThat(histogram.quantile(0.5)).isLessThanOrEqualTo(Duration.ofNanos(1_000));
        assertThat(histogram.quantile(1.0)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
