package dev.skiff.store;

import java.util.Objects;

/** One operation inside a {@link Txn}. */
public sealed interface Op {

    String key();

    record Put(String key, byte[] value, long lease) implements Op {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    record Delete(String key) implements Op {
        public Delete {
            Objects.requireNonNull(key, "key");
        }
    }

    /** Deletes every key starting with {@code key()}. */
    record DeletePrefix(String key) implements Op {
        public DeletePrefix {
            Objects.requireNonNull(key, "prefix");
        }
    }

    record Get(String key) implements Op {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    static Op put(String key, byte[] value, long lease) {
        return new Put(key, value, lease);
    }

    static Op put(String key, byte[] value) {
        return new Put(key, value, 0);
    }

    static Op delete(String key) {
        return new Delete(key);
    }

    static Op deletePrefix(String prefix) {
        return new DeletePrefix(prefix);
    }

    static Op get(String key) {
        return new Get(key);
    }
}
