package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;

/** What a PodChaos does to its pods (Chaos Mesh's PodChaos actions). */
public enum PodChaosAction implements WireValue {
    POD_KILL("pod-kill"),
    CONTAINER_KILL("container-kill"),
    POD_FAILURE("pod-failure");

    private final String wire;

    PodChaosAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PodChaosAction of(String text) {
        return WireValue.parse(PodChaosAction.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
