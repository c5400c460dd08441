package dev.skiff.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void rangesAreInclusive() {
        Tolerance t = new Tolerance.Range(0.95, 1.0);
        assertThat(t.accepts(0.95)).isTrue();
        assertThat(t.accepts(1.0)).isTrue();
        assertThat(t.accepts(0.9499)).isFalse();
        assertThat(t.accepts(null)).isFalse();
        assertThat(t.accepts("1.0")).isFalse();
        assertThat(t.describe()).isEqualTo("[0.95, 1]");
    }

    @Test
    void scalarsCompareNumbersByValueAndEverythingElseAsText() {
        assertThat(new Tolerance.Equals(3).accepts(3L)).isTrue();
        assertThat(new Tolerance.Equals(3).accepts(3.0)).isTrue();
        assertThat(new Tolerance.Equals(3).accepts(2L)).isFalse();
        assertThat(new Tolerance.Equals(true).accepts(true)).isTrue();
        assertThat(new Tolerance.Equals(true).accepts(false)).isFalse();
        assertThat(new Tolerance.Equals("ok").accepts("ok")).isTrue();
    }

    @Test
    void processValuesAreCheckedByExitStatusOrOutput() {
        Map<String, Object> v = Map.of("status", 0, "stdout", "healthy: 3 nodes\n");
        assertThat(new Tolerance.Equals(0).accepts(v)).isTrue();
        assertThat(new Tolerance.Equals(1).accepts(v)).isFalse();
        assertThat(new Tolerance.Range(0, 0).accepts(v)).isTrue();
        assertThat(new Tolerance.Regex("\\d+ nodes").accepts(v)).isTrue();
        assertThat(new Tolerance.Regex("^unhealthy").accepts(v)).isFalse();
    }
}
