package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle phase of a pod as reported in its status. */
public enum PodPhase implements WireValue {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    UNKNOWN("Unknown");

    private final String wire;

    PodPhase(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static PodPhase of(String text) {
        return WireValue.parse(PodPhase.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
