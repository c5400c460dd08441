package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether NodePort/LoadBalancer traffic may leave the receiving node. */
public enum ExternalTrafficPolicy implements WireValue {
    CLUSTER("Cluster"),
    LOCAL("Local");

    private final String wire;

    ExternalTrafficPolicy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ExternalTrafficPolicy of(String text) {
        return WireValue.parse(ExternalTrafficPolicy.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
