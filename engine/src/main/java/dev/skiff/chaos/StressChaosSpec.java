package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A StressChaos: cpu workers at a load %, and/or memory of a size. With a pod selector each chosen
 * pod is stressed on its node and, where its containers have cgroups, charged to the pod (its
 * limits apply, its usage shows it); a selector of only {@code nodes}/{@code nodeSelectors} stresses
 * those nodes themselves.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StressChaosSpec(ChaosSelector selector, ChaosMode mode, String value, String duration,
                              Stressors stressors, Boolean force) implements FaultSpec {

    @Override
    public String actionName() {
        return "stress";
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Stressors(Cpu cpu, Memory memory) {
    }

    /** {@code load} is a percentage of one core per worker. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Cpu(Integer workers, Integer load) {
    }

    /** {@code size} as a quantity ({@code 256Mi}) or a percentage of memory ({@code 50%}). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Memory(Integer workers, String size) {
    }
}
