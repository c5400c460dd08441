package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;

/** Which traffic a network fault affects, relative to the selected pods (Chaos Mesh's direction). */
public enum Direction implements WireValue {
    TO("to"),
    FROM("from"),
    BOTH("both");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Direction of(String text) {
        return WireValue.parse(Direction.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
