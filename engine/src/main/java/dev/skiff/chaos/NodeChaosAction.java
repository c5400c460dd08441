package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;

/** What a NodeChaos does to its nodes: power off (agent side) or drain (engine side). */
public enum NodeChaosAction implements WireValue {
    NODE_DOWN("node-down"),
    NODE_DRAIN("node-drain");

    private final String wire;

    NodeChaosAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NodeChaosAction of(String text) {
        return WireValue.parse(NodeChaosAction.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
