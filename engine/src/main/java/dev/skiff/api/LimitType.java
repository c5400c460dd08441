package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a LimitRange item constrains. */
public enum LimitType implements WireValue {
    CONTAINER("Container"),
    POD("Pod");

    private final String wire;

    LimitType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static LimitType of(String text) {
        return WireValue.parse(LimitType.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
