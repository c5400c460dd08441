package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Port protocol; TCP is the default everywhere. */
public enum Protocol implements WireValue {
    TCP("TCP"),
    UDP("UDP"),
    SCTP("SCTP");

    private final String wire;

    Protocol(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static Protocol of(String text) {
        return WireValue.parse(Protocol.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
