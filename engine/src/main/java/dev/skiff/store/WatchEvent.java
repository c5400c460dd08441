package dev.skiff.store;

import java.util.Optional;

/** A change seen by a {@link Watch}; {@code previous} is the key's value just before the change. */
public sealed interface WatchEvent {

    String key();

    long revision();

    record Put(KeyValue kv, Optional<KeyValue> previous) implements WatchEvent {
        public String key() { return kv.key(); }
        public long revision() { return kv.modRevision(); }
        /** True when the key did not exist before this put. */
        public boolean isCreate() { return kv.version() == 1; }
    }

    record Delete(String key, long revision, Optional<KeyValue> previous) implements WatchEvent {}
}
