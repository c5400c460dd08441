package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;

/** The network faults the service proxy applies (no privileges needed). */
public enum NetworkChaosAction implements WireValue {
    DELAY("delay"),
    LOSS("loss"),
    RESET("reset"),
    BANDWIDTH("bandwidth"),
    PARTITION("partition");

    private final String wire;

    NetworkChaosAction(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static NetworkChaosAction of(String text) {
        return WireValue.parse(NetworkChaosAction.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
