package dev.skiff.cli;

import dev.skiff.store.EtcdStore;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Keys;
import dev.skiff.store.Leases;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreException;
import dev.skiff.store.Txn;
import dev.skiff.store.TxnResult;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchListener;
import dev.skiff.wire.EtcdRange;
import dev.skiff.wire.GrpcConnection;
import dev.skiff.wire.WireException;
import java.net.URI;
import java.util.Optional;

/**
 * The store as a one-shot reading command sees it: reads (get, list, the current revision) go over
 * {@link GrpcConnection}, a plain-socket gRPC client, because starting jetcd's gRPC, Netty and
 * Vert.x costs most of a one-shot {@code get}'s second. Everything else (writes, watches, leases),
 * and any read the light client cannot do (no answer from the first endpoint, a gRPC error such as
 * a compacted revision), goes to a full {@link EtcdStore}, connected on first need, so behaviour and
 * error messages stay those of jetcd.
 */
final class ReadStore implements Store {

    private final StoreConfig config;
    private GrpcConnection light;
    private boolean lightFailed;
    private EtcdStore full;

    ReadStore(StoreConfig config) {
        this.config = config;
    }

    @Override
    public Page list(String prefix, ListOptions options) {
        byte[] start = options.continueAfterKey() != null ? Keys.after(options.continueAfterKey())
                : prefix.isEmpty() ? new byte[] {0} : prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] request = EtcdRange.request(start, Keys.prefixEnd(prefix), options.limit(), options.revision(), false);
        byte[] answer = call(request);
        return answer != null ? EtcdRange.page(answer, options.revision()) : full().list(prefix, options);
    }

    @Override
    public Optional<KeyValue> get(String key) {
        byte[] answer = call(EtcdRange.request(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 0, 0, false));
        return answer != null ? EtcdRange.page(answer, 0).items().stream().findFirst() : full().get(key);
    }

    @Override
    public long currentRevision() {
        byte[] answer = call(EtcdRange.request(new byte[] {0}, null, 0, 0, true));
        return answer != null ? EtcdRange.page(answer, 0).revision() : full().currentRevision();
    }

    /** The light client's answer, or null when the full client must do the call. */
    private byte[] call(byte[] request) {
        if (lightFailed) return null;
        try {
            if (light == null) {
                URI first = config.endpoints().getFirst();
                light = GrpcConnection.open(first.getHost(), first.getPort(), config.connectTimeout(), config.requestTimeout());
            }
            return light.unary(EtcdRange.PATH, request);
        } catch (GrpcConnection.WireTimeout e) {
            throw StoreException.Unavailable.noAnswer(config.addresses(), config.requestTimeout());
        } catch (WireException.Status e) {
            return null; // a refusal (compacted, future revision…): jetcd maps it to Skiff's exception
        } catch (WireException e) {
            lightFailed = true; // e.g. refused: jetcd tries the other endpoints and says what is wrong
            return null;
        }
    }

    /** Whether jetcd had to be started: a plain read never needs it. */
    boolean jetcdConnected() {
        return full != null;
    }

    private EtcdStore full() {
        if (full == null) full = EtcdStore.connect(config);
        return full;
    }

    @Override public long create(String key, byte[] value) { return full().create(key, value); }
    @Override public long create(String key, byte[] value, long leaseId) { return full().create(key, value, leaseId); }
    @Override public long update(String key, byte[] value, long expected) { return full().update(key, value, expected); }
    @Override public long put(String key, byte[] value, long leaseId) { return full().put(key, value, leaseId); }
    @Override public long delete(String key) { return full().delete(key); }
    @Override public long delete(String key, long expected) { return full().delete(key, expected); }
    @Override public TxnResult txn(Txn txn) { return full().txn(txn); }
    @Override public Watch watch(String prefix, long from, WatchListener l) { return full().watch(prefix, from, l); }
    @Override public Leases leases() { return full().leases(); }

    @Override
    public void close() {
        if (light != null) light.close();
        if (full != null) full.close();
    }
}
