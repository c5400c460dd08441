package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** When the runtime pulls a container image. */
public enum ImagePullPolicy implements WireValue {
    ALWAYS("Always"),
    IF_NOT_PRESENT("IfNotPresent"),
    NEVER("Never");

    private final String wire;

    ImagePullPolicy(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static ImagePullPolicy of(String text) {
        return WireValue.parse(ImagePullPolicy.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
