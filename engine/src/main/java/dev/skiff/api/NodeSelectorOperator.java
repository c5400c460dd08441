package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Operators of node affinity match expressions. */
public enum NodeSelectorOperator implements WireValue {
    IN("In"),
    NOT_IN("NotIn"),
    EXISTS("Exists"),
    DOES_NOT_EXIST("DoesNotExist"),
    GT("Gt"),
    LT("Lt");

    private final String wire;

    NodeSelectorOperator(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeSelectorOperator of(String text) {
        return WireValue.parse(NodeSelectorOperator.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
