package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.skiff.api.WireValue;
import dev.skiff.chaos.ChaosMode;

/**
 * kube-monkey's kill modes, as {@value MonkeyLabels#KILL_MODE} spells them. The arithmetic is
 * kube-monkey's and is the same as the fault modes' ({@link dev.skiff.chaos.Targets#count}):
 * {@code fixed} kills min(value, n), {@code fixed-percent} floor(n × value / 100),
 * {@code random-max-percent} floor(n × p / 100) for p uniform in 0..value.
 */
public enum KillMode implements WireValue {
    KILL_ALL("kill-all", ChaosMode.ALL),
    FIXED("fixed", ChaosMode.FIXED),
    FIXED_PERCENT("fixed-percent", ChaosMode.FIXED_PERCENT),
    RANDOM_MAX_PERCENT("random-max-percent", ChaosMode.RANDOM_MAX_PERCENT);

    private final String wire;
    public final ChaosMode chaosMode;

    KillMode(String wire, ChaosMode chaosMode) {
        this.wire = wire;
        this.chaosMode = chaosMode;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    public static KillMode of(String text) {
        return WireValue.parse(KillMode.class, text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
