package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.KeyValue;

/** One row of the log: every create, update and delete of a key is a new row at its revision. */
record Row(
        ByteString name,
        long revision,
        boolean created,
        boolean deleted,
        long createRevision,
        long prevRevision,
        long version,
        long lease,
        ByteString value) {

    KeyValue toKeyValue(boolean keysOnly) {
        KeyValue.Builder kv = KeyValue.newBuilder()
                .setKey(name)
                .setCreateRevision(createRevision)
                .setModRevision(revision)
                .setVersion(version)
                .setLease(lease);
        if (!keysOnly) {
            kv.setValue(value);
        }
        return kv.build();
    }

    KeyValue toKeyValue() {
        return toKeyValue(false);
    }
}
