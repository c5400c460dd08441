package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;

/** How many of the selected targets a fault hits, exactly as Chaos Mesh defines the modes. */
public enum ChaosMode implements WireValue {
    ONE("one"),
    ALL("all"),
    FIXED("fixed"),
    FIXED_PERCENT("fixed-percent"),
    RANDOM_MAX_PERCENT("random-max-percent");

    private final String wire;

    ChaosMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ChaosMode of(String text) {
        return WireValue.parse(ChaosMode.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
