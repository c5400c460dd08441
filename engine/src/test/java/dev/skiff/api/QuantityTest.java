package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigDecimal;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
            "250m, 250m", "0.5, 500m", "2, 2", "128Mi, 128Mi", "1G, 1G", "1e3, 1e3", "1.5Gi, 1536Mi",
            "1024Mi, 1Gi", "1000Mi, 1000Mi", "0.1, 100m", "1000m, 1", "1500m, 1500m", "1000, 1k",
            "1.5k, 1500", "1536, 1536", "1.5Ki, 1536", "512, 512", "0.5Ki, 512", "1Ki, 1Ki",
            "100n, 100n", "0.000001, 1u", "1E, 1E", "1e6, 1e6", "1500e0, 1500", "0.5e3, 500",
            "1e-3, 1e-3", "-250m, -250m", "+2, 2", "5., 5", ".5, 500m", "0, 0", "0Mi, 0",
            "1e21, 1e21", "1000E, 1000E", "1E+3, 1e3", "0.0000000001, 1n", "134217728, 134217728"})
    void printsCanonically(String input, String canonical) {
        assertThat(Quantity.parse(input)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", " 1", "1 ", "1.2.3", "1Kb", "1mi", "e3", "1e", "--1", "1Mi5", "1e3.5", "0x10"})
    void rejectsNonQuantities(String input) {
        assertThatThrownBy(() -> Quantity.parse(input))
                .isInstanceOf(QuantityFormatException.class)
                .hasMessage("\"" + input + "\" is not a quantity (examples: 250m, 0.5, 2, 128Mi, 1G)");
    }

    @Test
    void valuesRoundUpAsKubernetes() {
        assertThat(Quantity.parse("0.0001").milliValue()).isEqualTo(1);
        assertThat(Quantity.parse("250m").milliValue()).isEqualTo(250);
        assertThat(Quantity.parse("2").milliValue()).isEqualTo(2000);
        assertThat(Quantity.parse("128Mi").value()).isEqualTo(134_217_728L);
        assertThat(Quantity.parse("1500m").value()).isEqualTo(2);
        assertThat(Quantity.parse("-1500m").value()).isEqualTo(-1);
        assertThat(Quantity.parse("1k").value()).isEqualTo(1000);
    }

    @Test
    void arithmeticIsExactAndKeepsTheFormat() {
        Quantity sum = Quantity.parse("100m").add(Quantity.parse("0.2"));
        assertThat(sum).hasToString("300m").isEqualTo(Quantity.parse("0.3"));
        assertThat(Quantity.parse("1Gi").subtract(Quantity.parse("512Mi"))).hasToString("512Mi");
        assertThat(Quantity.ZERO.add(Quantity.parse("1Gi"))).hasToString("1Gi");
        assertThat(Quantity.parse("250m").multiply(4)).hasToString("1");
        assertThat(Quantity.parse("1").subtract(Quantity.parse("1.5")).signum()).isEqualTo(-1);
        assertThat(Quantity.parse("0m").isZero()).isTrue();
    }

    @Test
    void equalityIsByValue() {
        assertThat(Quantity.parse("1Ki")).isEqualTo(Quantity.parse("1024")).hasSameHashCodeAs(Quantity.parse("1024"));
        assertThat(Quantity.parse("1")).isEqualTo(Quantity.parse("1000m")).hasSameHashCodeAs(Quantity.parse("1000m"));
        assertThat(Quantity.parse("1e3")).isEqualTo(Quantity.parse("1k"));
        assertThat(Quantity.parse("0")).isEqualTo(Quantity.parse("0Gi")).hasSameHashCodeAs(Quantity.parse("0Gi"));
        assertThat(Quantity.parse("2")).isGreaterThan(Quantity.parse("1999m"));
    }

    record Limits(Map<String, Quantity> limits) {}

    @Test
    void jacksonReadsStringsAndNumbersAndWritesStrings() throws Exception {
        Limits limits = new YAMLMapper().readValue("limits: {cpu: 2, memory: 128Mi, gpu: 0.5, big: 1e3}", Limits.class);
        assertThat(limits.limits()).containsEntry("cpu", Quantity.parse("2"))
                .containsEntry("memory", Quantity.parse("128Mi"))
                .containsEntry("gpu", Quantity.parse("500m"))
                .containsEntry("big", Quantity.parse("1000"));
        String json = new ObjectMapper().writeValueAsString(new Limits(Map.of("cpu", Quantity.parse("0.5"))));
        assertThat(json).isEqualTo("{\"limits\":{\"cpu\":\"500m\"}}");
        assertThatThrownBy(() -> new ObjectMapper().readValue("{\"limits\":{\"cpu\":\"abc\"}}", Limits.class))
                .hasMessageContaining("\"abc\" is not a quantity");
    }

    @Property
    void printingParsesBackToTheSameQuantity(@ForAll("quantities") Quantity q) {
        Quantity again = Quantity.parse(q.toString());
        assertThat(again).isEqualTo(q);
        assertThat(again.toString()).isEqualTo(q.toString());
    }

    @Property
    void subtractUndoesAdd(@ForAll("quantities") Quantity a, @ForAll("quantities") Quantity b) {
        assertThat(a.add(b).subtract(b)).isEqualTo(a);
        assertThat(a.add(b)).isEqualTo(b.add(a));
        assertThat(a.add(b).amount()).isEqualByComparingTo(a.amount().add(b.amount()));
    }

    @Provide
    Arbitrary<Quantity> quantities() {
        Arbitrary<String> mantissa = Combinators.combine(
                        Arbitraries.longs().between(-1_000_000, 1_000_000),
                        Arbitraries.integers().between(0, 4))
                .as((digits, scale) -> BigDecimal.valueOf(digits, scale).toPlainString());
        Arbitrary<String> suffix = Arbitraries.of("", "m", "k", "M", "G", "n", "u", "Ki", "Mi", "Gi", "e3", "e-2", "E");
        return Combinators.combine(mantissa, suffix).as((m, s) -> Quantity.parse(m + s));
    }
}
