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
}
