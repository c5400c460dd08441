package dev.skiff.client;

import dev.skiff.api.Resource;

/** A change to one object, decoded from a store watch event. */
public sealed interface ResourceEvent<T extends Resource> {

    /** The object after the change (for a deletion: the last state). */
    T object();

    long revision();

    record Added<T extends Resource>(T object, long revision) implements ResourceEvent<T> {}

    record Modified<T extends Resource>(T previous, T object, long revision) implements ResourceEvent<T> {}

    record Deleted<T extends Resource>(T object, long revision) implements ResourceEvent<T> {}
}
