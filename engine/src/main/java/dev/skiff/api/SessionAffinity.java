package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Service session affinity. */
public enum SessionAffinity implements WireValue {
    CLIENT_IP("ClientIP"),
    NONE("None");

    private final String wire;

    SessionAffinity(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static SessionAffinity of(String text) {
        return WireValue.parse(SessionAffinity.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
