package dev.skiff.store;

import java.util.Optional;

/**
 * A revisioned key-value store with watches, leases and transactions — the etcd v3 model. Every
 * write returns the store revision it produced; {@code update} and CAS {@code delete} take the
 * modRevision the caller last saw. Failures are {@link StoreException}s.
 */
public interface Store extends AutoCloseable {

    /** The latest value of {@code key}. */
    Optional<KeyValue> get(String key);

    /** Keys starting with {@code prefix}, in key order. */
    Page list(String prefix, ListOptions options);

    /** @throws StoreException.AlreadyExists if the key exists */
    long create(String key, byte[] value);

    /** Creates the key attached to {@code leaseId} (0 = no lease). */
    long create(String key, byte[] value, long leaseId);

    /**
     * Replaces the value if the key is still at {@code expectedModRevision}; keeps its lease.
     * @throws StoreException.Conflict if it changed, {@link StoreException.NotFound} if it is gone
     */
    long update(String key, byte[] value, long expectedModRevision);

    /** Unconditional write; attaches {@code leaseId} (0 = none, detaching any previous lease). */
    long put(String key, byte[] value, long leaseId);

    /** @throws StoreException.NotFound if absent */
    long delete(String key);

    /** Deletes only if the key is still at {@code expectedModRevision}. */
    long delete(String key, long expectedModRevision);

    TxnResult txn(Txn txn);

    /**
     * Watches keys starting with {@code prefix}, from {@code fromRevision} inclusive (0 = changes
     * after this call). Survives server restarts without losing or repeating events.
     */
    Watch watch(String prefix, long fromRevision, WatchListener listener);

    long currentRevision();

    Leases leases();

    @Override
    void close();
}
