package dev.skiff.store;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = p.length - 1; i >= 0; i--) {
            if (p[i] != (byte) 0xff) {
                byte[] end = Arrays.copyOf(p, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return ByteSequence.from(new byte[] {0});
    }

    /** The first key strictly after {@code key}. */
    static ByteSequence after(String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteSequence.from(Arrays.copyOf(k, k.length + 1));
    }
}
