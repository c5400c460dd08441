package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a taint does to pods that do not tolerate it. */
public enum TaintEffect implements WireValue {
    NO_SCHEDULE("NoSchedule"),
    PREFER_NO_SCHEDULE("PreferNoSchedule"),
    NO_EXECUTE("NoExecute");

    private final String wire;

    TaintEffect(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static TaintEffect of(String text) {
        return WireValue.parse(TaintEffect.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
