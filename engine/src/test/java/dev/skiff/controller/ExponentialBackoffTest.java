package dev.skiff.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    private final ExponentialBackoff<String> backoff = ExponentialBackoff.defaults();

    @Test
    void doublesFromFiveMillisAndCapsAtThousandSeconds() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            delays.add(backoff.when("a"));
        }
        assertThat(delays.subList(0, 5)).containsExactly(
                Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(40), Duration.ofMillis(80));
        // 5 ms * 2^17 = 655.36 s is the last uncapped step; 5 ms * 2^18 would be 1310.72 s
        assertThat(delays.get(17)).isEqualTo(Duration.ofMillis(655_360));
        assertThat(delays.get(18)).isEqualTo(Duration.ofSeconds(1000));
        assertThat(delays.get(19)).isEqualTo(Duration.ofSeconds(1000));
        assertThat(backoff.retries("a")).isEqualTo(20);
    }

    @Test
    void neverOverflowsPastTheCap() {
        Duration last = null;
        for (int i = 0; i < 200; i++) {
            last = backoff.when("a");
        }
        assertThat(last).isEqualTo(Duration.ofSeconds(1000));
    }

    @Test
    void keysBackOffIndependentlyAndForgetResets() {
        backoff.when("a");
        backoff.when("a");
        assertThat(backoff.when("b")).isEqualTo(Duration.ofMillis(5));
        assertThat(backoff.when("a")).isEqualTo(Duration.ofMillis(20));

        backoff.forget("a");

        assertThat(backoff.retries("a")).isZero();
        assertThat(backoff.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(backoff.retries("b")).isEqualTo(1);
    }
}
