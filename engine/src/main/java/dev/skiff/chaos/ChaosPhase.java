package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;

/** Where a fault is in its life. Waiting: accepted but no executor can run it yet. */
public enum ChaosPhase implements WireValue {
    RUNNING("Running"),
    WAITING("Waiting"),
    FINISHED("Finished"),
    FAILED("Failed");

    private final String wire;

    ChaosPhase(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ChaosPhase of(String text) {
        return WireValue.parse(ChaosPhase.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
