package dev.skiff.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Kubernetes' crash-loop back-off: 10 s doubling to 5 min, reset after 10 min of running. */
class BackoffTest {

    @Test
    void kubernetesStepsDoubleUpToFiveMinutes() {
        var b = Backoff.KUBERNETES;
        assertThat(b.delay(0)).isZero();
        assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(160));
        assertThat(b.delay(6)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.delay(1000)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.resetAfter()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aSmallerBaseKeepsTheProportions() {
        var b = Backoff.withBase(Duration.ofMillis(500));
        assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.max()).isEqualTo(Duration.ofSeconds(15));
        assertThat(b.resetAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.delay(50)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void delaysNeverShrinkAsCrashesGrow() {
        var b = Backoff.KUBERNETES;
        for (int i = 1; i < 40; i++) assertThat(b.delay(i + 1)).isGreaterThanOrEqualTo(b.delay(i));
    }
}
