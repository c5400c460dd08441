package dev.skiff.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One key at one revision, as etcd reports it. {@code lease} is 0 when no lease is attached. */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision, long version, long lease) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        value = value == null ? new byte[0] : value;
    }

    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    // records compare arrays by identity; a value is its bytes
    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue other
                && key.equals(other.key)
                && Arrays.equals(value, other.value)
                && createRevision == other.createRevision
                && modRevision == other.modRevision
                && version == other.version
                && lease == other.lease;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision, version, lease);
    }

    @Override
    public String toString() {
        return "KeyValue[" + key + "@" + modRevision + " (created " + createRevision + ", v" + version
                + (lease != 0 ? ", lease " + Long.toHexString(lease) : "") + ") " + value.length + " bytes]";
    }
}
