package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Pod restartPolicy; Always is the Kubernetes default. */
public enum RestartPolicy implements WireValue {
    ALWAYS("Always"),
    ON_FAILURE("OnFailure"),
    NEVER("Never");

    private final String wire;

    RestartPolicy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static RestartPolicy of(String text) {
        return WireValue.parse(RestartPolicy.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
