package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Service type; ExternalName is not supported by Skiff. */
public enum ServiceType implements WireValue {
    CLUSTER_IP("ClusterIP"),
    NODE_PORT("NodePort"),
    LOAD_BALANCER("LoadBalancer");

    private final String wire;

    ServiceType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ServiceType of(String text) {
        return WireValue.parse(ServiceType.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
