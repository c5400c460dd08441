package dev.skiff.store;

import java.util.Optional;

/**
 * A store that passes every call to {@link #delegate()}: wrappers (a connection made on first use,
 * a session's store lent without its close, pages read ahead) override only what they change.
 */
public abstract class ForwardingStore implements Store {

    /** The store each call goes to, asked for on every call. */
    protected abstract Store delegate();

    @Override public Optional<KeyValue> get(String key) { return delegate().get(key); }
    @Override public Page list(String prefix, ListOptions options) { return delegate().list(prefix, options); }
    @Override public long create(String key, byte[] value) { return delegate().create(key, value); }
    @Override public long create(String key, byte[] value, long leaseId) { return delegate().create(key, value, leaseId); }
    @Override public long update(String key, byte[] value, long expected) { return delegate().update(key, value, expected); }
    @Override public long put(String key, byte[] value, long leaseId) { return delegate().put(key, value, leaseId); }
    @Override public long delete(String key) { return delegate().delete(key); }
    @Override public long delete(String key, long expected) { return delegate().delete(key, expected); }
    @Override public TxnResult txn(Txn txn) { return delegate().txn(txn); }
    @Override public Watch watch(String prefix, long from, WatchListener l) { return delegate().watch(prefix, from, l); }
    @Override public long currentRevision() { return delegate().currentRevision(); }
    @Override public Leases leases() { return delegate().leases(); }
    @Override public void close() { delegate().close(); }
}
