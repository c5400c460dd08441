package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/**
 * etcd's key interval: a single key when {@code end} is empty, every key from {@code key} on when
 * {@code end} is "\0", else the half-open [key, end).
 */
record KeyRange(ByteString key, ByteString end) {
    static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    private static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

    static KeyRange of(ByteString key, ByteString end) {
        return new KeyRange(key, end);
    }

    /** Validates a request range: etcd needs a key, and we refuse an end before the key. */
    static KeyRange checked(ByteString key, ByteString end) {
        if (key.isEmpty()) {
            throw EtcdError.emptyKey();
        }
        KeyRange range = new KeyRange(key, end);
        if (range.isInterval() && ORDER.compare(end, key) < 0) {
            throw EtcdError.rangeEndBeforeKey();
        }
        return range;
    }

    boolean isSingleKey() {
        return end.isEmpty();
    }

    boolean isFromKey() {
        return end.equals(FROM_KEY);
    }

    boolean isInterval() {
        return !isSingleKey() && !isFromKey();
    }

    boolean contains(ByteString name) {
        if (isSingleKey()) {
            return name.equals(key);
        }
        if (ORDER.compare(name, key) < 0) {
            return false;
        }
        return isFromKey() || ORDER.compare(name, end) < 0;
    }

    /** SQL condition on column {@code name}; bind with {@link #bind}. */
    String sql() {
        if (isSingleKey()) {
            return "name = ?";
        }
        return isFromKey() ? "name >= ?" : "(name >= ? AND name < ?)";
    }

    int bind(java.sql.PreparedStatement ps, int index) throws java.sql.SQLException {
        ps.setBytes(index++, key.toByteArray());
        if (isInterval()) {
            ps.setBytes(index++, end.toByteArray());
        }
        return index;
    }
}
