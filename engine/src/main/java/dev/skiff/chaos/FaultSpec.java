package dev.skiff.chaos;

/**
 * What every fault's spec has (Chaos Mesh's common fields): whom it selects, how many of those it
 * hits, for how long (a Go duration such as {@code 30s}; absent = until halted or deleted), and
 * whether it may exceed the blast radius.
 */
public interface FaultSpec {

    ChaosSelector selector();

    ChaosMode mode();

    String value();

    String duration();

    Boolean force();

    /** The action's wire name, for messages and status. */
    String actionName();

    default boolean forced() {
        return Boolean.TRUE.equals(force());
    }
}
