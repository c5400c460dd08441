package dev.skiff.cli;

import dev.skiff.store.KeyValue;
import dev.skiff.store.Leases;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.Txn;
import dev.skiff.store.TxnResult;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchListener;
import java.util.Optional;

/** The session's store lent to one command: everything passes through, except close. */
final class SharedStore implements Store {
    private final Store store;

    SharedStore(Store store) {
        this.store = store;
    }

    @Override public Optional<KeyValue> get(String key) { return store.get(key); }
    @Override public Page list(String prefix, ListOptions options) { return store.list(prefix, options); }
    @Override public long create(String key, byte[] value) { return store.create(key, value); }
    @Override public long create(String key, byte[] value, long leaseId) { return store.create(key, value, leaseId); }
    @Override public long update(String key, byte[] value, long expected) { return store.update(key, value, expected); }
    @Override public long put(String key, byte[] value, long leaseId) { return store.put(key, value, leaseId); }
    @Override public long delete(String key) { return store.delete(key); }
    @Override public long delete(String key, long expected) { return store.delete(key, expected); }
    @Override public TxnResult txn(Txn txn) { return store.txn(txn); }
    @Override public Watch watch(String prefix, long from, WatchListener l) { return store.watch(prefix, from, l); }
    @Override public long currentRevision() { return store.currentRevision(); }
    @Override public Leases leases() { return store.leases(); }

    /** The session owns the connection; a command finishing must not close it. */
    @Override public void close() { }
}
