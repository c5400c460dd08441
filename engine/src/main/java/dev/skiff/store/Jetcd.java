package dev.skiff.store;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Conversions between Skiff's store types and jetcd's. */
final class Jetcd {

    private Jetcd() {}

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static ByteSequence bytes(byte[] b) {
        return ByteSequence.from(b);
    }

    static KeyValue kv(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(),
                kv.getCreateRevision(), kv.getModRevision(), kv.getVersion(), kv.getLease());
    }

    /** etcd sends an empty prev_kv (createRevision 0) when there was none. */
    static Optional<KeyValue> previous(io.etcd.jetcd.KeyValue prev) {
        return prev == null || prev.getCreateRevision() == 0 ? Optional.empty() : Optional.of(kv(prev));
    }

    /** The smallest key greater than every key with this prefix; "\0" (= all keys) for the empty prefix. */
    static ByteSequence prefixEnd(String prefix) {
        return ByteSequence.from(Keys.prefixEnd(prefix));
    }

    /** The first key strictly after {@code key}. */
    static ByteSequence after(String key) {
        return ByteSequence.from(Keys.after(key));
    }
}
