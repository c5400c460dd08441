package dev.skiff.store;

import java.util.Optional;

/** The result of one {@link Op}, in the same position as the op in its branch. */
public sealed interface OpResult {

    record Put(long revision) implements OpResult {}

    /** {@code deleted} is how many keys went away (0 when the key was absent). */
    record Delete(long deleted) implements OpResult {}

    record Get(Optional<KeyValue> kv) implements OpResult {}
}
