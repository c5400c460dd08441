package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntOrStringTest {
    private final ObjectMapper mapper = new ObjectMapper();

    record Strategy(IntOrString maxSurge, IntOrString maxUnavailable) {}

    @Test
    void jsonRoundTripKeepsIntsAndStrings() throws Exception {
        String json = "{\"maxSurge\":1,\"maxUnavailable\":\"25%\"}";
        Strategy s = mapper.readValue(json, Strategy.class);
        assertThat(s.maxSurge().isInt()).isTrue();
        assertThat(s.maxSurge().intValue()).isEqualTo(1);
        assertThat(s.maxUnavailable().isInt()).isFalse();
        assertThat(s.maxUnavailable().stringValue()).isEqualTo("25%");
        assertThat(mapper.writeValueAsString(s)).isEqualTo(json);
    }

    @Test
    void rejectsOtherJsonTypes() {
        assertThatThrownBy(() -> mapper.readValue("{\"maxSurge\":1.5}", Strategy.class)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> mapper.readValue("{\"maxSurge\":true}", Strategy.class)).isInstanceOf(Exception.class);
    }

    @ParameterizedTest
    @CsvSource({"25%, 10, true, 3", "25%, 10, false, 2", "25%, 4, true, 1", "25%, 4, false, 1",
            "0%, 10, true, 0", "100%, 7, false, 7", "33%, 3, true, 1", "33%, 3, false, 0"})
    void scalesPercentagesAsKubernetes(String percent, int total, boolean roundUp, int expected) {
        assertThat(IntOrString.of(percent).scaledValue(total, roundUp)).isEqualTo(expected);
    }

    @Test
    void absoluteValuesAreNotScaled() {
        assertThat(IntOrString.of(3).scaledValue(100, true)).isEqualTo(3);
        assertThatThrownBy(() -> IntOrString.of("http").scaledValue(10, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"http\" is not an integer or a percentage");
        assertThatThrownBy(() -> IntOrString.of("http").intValue()).isInstanceOf(IllegalStateException.class);
    }
}
