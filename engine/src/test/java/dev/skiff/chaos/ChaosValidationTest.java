package dev.skiff.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.FieldError;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Validation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosValidationTest {

    static {
        ChaosKinds.register();
    }

    @Test
    void reportsEveryProblemWithItsFieldPath() {
        PodChaos bad = PodChaos.of(ObjectMeta.named("default", "x"), new PodChaosSpec(PodChaosAction.CONTAINER_KILL,
                new ChaosSelector(null, Map.of("app", "web"), null, null, null, null), ChaosMode.FIXED_PERCENT, "150",
                "ten seconds", -1L, null, null));
        List<String> errors = Validation.validate(bad).stream().map(FieldError::toString).toList();
        assertThat(errors).containsExactlyInAnyOrder(
                "spec.value: 150 is out of range: a percentage from 1 to 100, e.g. \"50\"",
                "spec.duration: \"ten seconds\" is not a duration: use a number and a unit, e.g. 30s, 1m30s, 500ms, 2h",
                "spec.gracePeriod: -1 is invalid: use 0 (kill at once) or more seconds",
                "spec.containerNames: required for container-kill: the containers to kill");
    }

    @Test
    void aValidFaultHasNoProblemsAndDurationsParseAsGoDoes() {
        PodChaos ok = PodChaos.of(ObjectMeta.named("default", "x"), new PodChaosSpec(PodChaosAction.POD_KILL,
                ChaosSelector.pod("default", "web-1"), ChaosMode.ONE, null, "1m30s", 0L, null, null));
        assertThat(Validation.validate(ok)).isEmpty();
        assertThat(GoDuration.parse("1m30s")).hasSeconds(90);
        assertThat(GoDuration.parse("250ms").toMillis()).isEqualTo(250);
        assertThat(GoDuration.format(java.time.Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    }

    private static List<String> networkErrors(NetworkChaosSpec spec) {
        return Validation.validate(NetworkChaos.of(ObjectMeta.named("default", "n"), spec)).stream().map(FieldError::toString).toList();
    }

    private static NetworkChaosSpec network(NetworkChaosAction action, NetworkChaosSpec.Delay delay, NetworkChaosSpec.Loss loss,
                                            NetworkChaosSpec.Bandwidth bandwidth) {
        return new NetworkChaosSpec(action, ChaosSelector.pod("default", "web-1"), ChaosMode.ONE, null, null, Direction.TO,
                null, delay, loss, null, bandwidth, null);
    }

    @Test
    void networkFieldsAreCheckedWithTheirPaths() {
        assertThat(networkErrors(network(NetworkChaosAction.BANDWIDTH, null, null, new NetworkChaosSpec.Bandwidth("fast", 0L, null))))
                .containsExactlyInAnyOrder(
                        "spec.bandwidth.rate: \"fast\" is not a rate: use a number and a unit: bit, kbit, mbit, gbit, tbit "
                                + "(bits per second) or bps, kbps, mbps, gbps, tbps (bytes per second), e.g. 1mbps",
                        "spec.bandwidth.limit: 0 is invalid: the queue size in bytes, at least 1 (or leave it out)");
        assertThat(networkErrors(network(NetworkChaosAction.LOSS, null, new NetworkChaosSpec.Loss("120", "x"), null)))
                .containsExactlyInAnyOrder("spec.loss.loss: 120 is out of range: use 0 to 100",
                        "spec.loss.correlation: \"x\" is not a percentage: use a number from 0 to 100, e.g. \"25\"");
        assertThat(networkErrors(network(NetworkChaosAction.DELAY, new NetworkChaosSpec.Delay("200ms", "soon", null), null, null)))
                .containsExactly("spec.delay.jitter: \"soon\" is not a duration: use a number and a unit, e.g. 30s, 1m30s, 500ms, 2h");
        assertThat(networkErrors(network(NetworkChaosAction.DELAY, new NetworkChaosSpec.Delay("200ms", "0s", "25"), null, null))).isEmpty();
        assertThat(networkErrors(network(NetworkChaosAction.BANDWIDTH, null, null, new NetworkChaosSpec.Bandwidth("1mbps", null, null)))).isEmpty();
    }

    @Test
    void aSendingSideSelectorIsAcceptedWithAModeAndCheckedAtItsFieldPaths() {
        var clients = new ChaosSelector(null, Map.of("app", "client"), null, null, null, null);
        assertThat(networkErrors(partition(new NetworkChaosSpec.Target(clients, ChaosMode.ALL, null, List.of("web"))))).isEmpty();
        assertThat(networkErrors(partition(new NetworkChaosSpec.Target(clients, null, null, List.of("web")))))
                .containsExactly("spec.target.mode: required: one of \"one\", \"all\", \"fixed\", \"fixed-percent\", \"random-max-percent\"");
        assertThat(networkErrors(partition(new NetworkChaosSpec.Target(clients, ChaosMode.FIXED, "x", List.of("web")))))
                .containsExactly("spec.target.value: \"x\" is not a whole number: the number of targets, e.g. \"2\"");
        assertThat(networkErrors(partition(new NetworkChaosSpec.Target(new ChaosSelector(null, Map.of("-bad", "x"), null,
                null, null, null), ChaosMode.ONE, null, List.of("web"))))).singleElement()
                .satisfies(e -> assertThat(e).startsWith("spec.target.selector"));
        assertThat(networkErrors(partition(new NetworkChaosSpec.Target(null, ChaosMode.ALL, null, List.of("web")))))
                .containsExactly("spec.target.selector: required with target.mode/target.value: the sending pods, e.g."
                        + " labelSelectors: {app: client}; or remove target.mode and target.value");
    }

    private static NetworkChaosSpec partition(NetworkChaosSpec.Target target) {
        return new NetworkChaosSpec(NetworkChaosAction.PARTITION, ChaosSelector.pod("default", "web-1"), ChaosMode.ONE,
                null, null, Direction.BOTH, target, null, null, null, null, null);
    }

    @Test
    void aPartitionNeedsServices() {
        var toService = new NetworkChaosSpec(NetworkChaosAction.PARTITION, ChaosSelector.pod("default", "web-1"), ChaosMode.ONE,
                null, null, Direction.BOTH, new NetworkChaosSpec.Target(null, null, null, List.of("web")), null, null, null, null, null);
        assertThat(networkErrors(toService)).isEmpty();
        assertThat(networkErrors(network(NetworkChaosAction.PARTITION, null, null, null)))
                .containsExactly("spec.target.services: required for partition: the services whose traffic to the selected"
                        + " pods is black-holed, e.g. [web]");
    }

    @Test
    void ratesReadAsTcReadsThem() {
        assertThat(NetworkUnits.bytesPerSecond("1mbps")).isEqualTo(1_000_000);
        assertThat(NetworkUnits.bytesPerSecond("8mbit")).isEqualTo(1_000_000);
        assertThat(NetworkUnits.bytesPerSecond("100KBPS")).isEqualTo(100_000);
        assertThat(NetworkUnits.bytesPerSecond("1.5gbit")).isEqualTo(187_500_000);
        assertThat(NetworkUnits.bytesPerSecond("80bit")).isEqualTo(10);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> NetworkUnits.bytesPerSecond("4bit")))
                .hasMessageStartingWith("\"4bit\" is below 1 byte per second");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> NetworkUnits.bytesPerSecond("1mibps")))
                .hasMessageStartingWith("\"1mibps\" has an unknown unit \"mibps\"");
        assertThat(NetworkUnits.share("12.5")).isEqualTo(0.125);
    }
}
