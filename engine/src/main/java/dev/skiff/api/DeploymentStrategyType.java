package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a Deployment replaces old pods. */
public enum DeploymentStrategyType implements WireValue {
    ROLLING_UPDATE("RollingUpdate"),
    RECREATE("Recreate");

    private final String wire;

    DeploymentStrategyType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static DeploymentStrategyType of(String text) {
        return WireValue.parse(DeploymentStrategyType.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
