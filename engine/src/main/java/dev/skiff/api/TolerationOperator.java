package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a toleration matches a taint's value. */
public enum TolerationOperator implements WireValue {
    EXISTS("Exists"),
    EQUAL("Equal");

    private final String wire;

    TolerationOperator(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TolerationOperator of(String text) {
        return WireValue.parse(TolerationOperator.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
