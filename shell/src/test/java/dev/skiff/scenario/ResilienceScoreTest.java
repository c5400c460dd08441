package dev.skiff.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResilienceScoreTest {

    @Test
    void isTheWeightedAverageOfProbeSuccessPercentages() {
        // (10 × 100 + 5 × 50) / 15 = 83.33
        ResilienceScore s = ResilienceScore.of(List.of(new ResilienceScore.Item("http", 10, 20, 20),
                new ResilienceScore.Item("pods", 5, 1, 2)));
        assertThat(s.value()).isEqualTo(83.33);
        assertThat(s.probes().get(1).percent()).isEqualTo(50.0);
    }

    @Test
    void unevaluatedProbesDoNotCountAndNothingScoresZero() {
        assertThat(ResilienceScore.of(List.of(new ResilienceScore.Item("a", 10, 3, 4),
                new ResilienceScore.Item("never", 10, 0, 0))).value()).isEqualTo(75.0);
        assertThat(ResilienceScore.of(List.of()).value()).isZero();
        assertThat(ResilienceScore.of(List.of(new ResilienceScore.Item("zero-weight", 0, 1, 1))).value()).isZero();
    }

    @Test
    void passedCannotExceedTotal() {
        assertThatThrownBy(() -> new ResilienceScore.Item("x", 1, 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
