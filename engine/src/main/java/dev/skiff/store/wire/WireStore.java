package dev.skiff.store.wire;

import dev.skiff.store.Compare;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Keys;
import dev.skiff.store.Leases;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Op;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.StoreConfig;
import dev.skiff.store.StoreException;
import dev.skiff.store.Txn;
import dev.skiff.store.TxnResult;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchListener;
import dev.skiff.wire.EtcdMessages;
import dev.skiff.wire.EtcdRange;
import dev.skiff.wire.GrpcChannel;
import dev.skiff.wire.Proto;
import dev.skiff.wire.WireException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Store} over an etcd v3 endpoint through {@link GrpcChannel}: the same behaviour as
 * EtcdStore (the StoreContract runs against both) without jetcd's gRPC, Netty, Vert.x and protobuf
 * runtime — a few dozen classes instead of thousands, which is most of a node agent's memory. All
 * calls share one HTTP/2 connection; when it is lost the next call opens a new one (endpoints in
 * turn), and watches and keep-alives resume on it with their own backoff.
 */
public final class WireStore implements Store {

    private static final byte[] PROBE_KEY = {0};
    /** As jetcd's gRPC keep-alive: a ping every 30 s, a connection without an answer for 10 s is lost. */
    private static final Duration PING_EVERY = Duration.ofSeconds(30);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);

    private final StoreConfig config;
    private final WireErrors errors;
    private final ScheduledExecutorService scheduler;
    private final WireLeases leases;
    private final Object connectLock = new Object();
    private volatile GrpcChannel channel;
    private int nextEndpoint;      // guarded by connectLock
    private volatile boolean closed;
    private long lastPingNanos = System.nanoTime(); // scheduler thread only

    private WireStore(StoreConfig config) {
        this.config = config;
        this.errors = new WireErrors(config.addresses());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("skiff-store-scheduler").daemon(true).factory());
        this.leases = new WireLeases(this);
        scheduler.scheduleWithFixedDelay(this::checkAlive, PING_EVERY.toMillis(), PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pings the live connection (a PING every 30 s, checked every 10 s); a lost one is replaced on next use. */
    private void checkAlive() {
        GrpcChannel c = channel;
        if (c == null) return;
        long now = System.nanoTime();
        if (now - lastPingNanos >= PING_EVERY.toNanos() || c.awaitingPing()) {
            if (!c.awaitingPing()) lastPingNanos = now;
            c.checkAlive(PING_TIMEOUT);
        }
    }

    /** Connects and checks the server answers; fails fast with Unavailable when nothing listens. */
    public static WireStore connect(StoreConfig config) {
        WireStore store = new WireStore(config);
        try {
            store.call(EtcdRange.PATH, EtcdRange.request(PROBE_KEY, null, 0, 0, true), config.connectTimeout());
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public StoreConfig config() {
        return config;
    }

    @Override
    public Optional<KeyValue> get(String key) {
        byte[] r = call(EtcdRange.PATH, EtcdRange.request(bytes(key), null, 0, 0, false));
        return EtcdRange.page(r, 0).items().stream().findFirst();
    }

    @Override
    public Page list(String prefix, ListOptions options) {
        byte[] start = options.continueAfterKey() != null ? Keys.after(options.continueAfterKey())
                : prefix.isEmpty() ? PROBE_KEY : bytes(prefix);
        byte[] request = EtcdRange.request(start, Keys.prefixEnd(prefix), options.limit(), options.revision(),
                options.valueContains());
        try {
            // etcd's header carries the store's current revision even for a read at an older one
            return EtcdRange.page(call(EtcdRange.PATH, request), options.revision());
        } catch (StoreException.Compacted e) {
            throw new StoreException.Compacted(WireWatch.compactRevision(this).orElse(e.compactRevision()));
        } catch (IllegalArgumentException e) {
            if (WireErrors.isFutureRevision(e)) {
                throw new IllegalArgumentException("revision " + options.revision() + " is in the future (the store is at "
                        + currentRevision() + ")", e);
            }
            throw e;
        }
    }

    @Override
    public long create(String key, byte[] value) {
        return create(key, value, 0);
    }

    @Override
    public long create(String key, byte[] value, long leaseId) {
        EtcdMessages.TxnAnswer r = txn(List.of(Compare.absent(key)),
                List.of(EtcdMessages.requestPut(EtcdMessages.put(key, value, leaseId, false))), List.of());
        if (!r.succeeded()) throw new StoreException.AlreadyExists(key);
        return r.revision();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        requireRevision(expectedModRevision);
        EtcdMessages.TxnAnswer r = txn(List.of(Compare.modRevision(key).eq(expectedModRevision)),
                List.of(EtcdMessages.requestPut(EtcdMessages.put(key, value, 0, true))),
                List.of(EtcdMessages.requestGet(key)));
        if (!r.succeeded()) throw casFailure(key, expectedModRevision, r);
        return r.revision();
    }

    @Override
    public long put(String key, byte[] value, long leaseId) {
        return EtcdMessages.headerRevision(call(EtcdMessages.PUT, EtcdMessages.put(key, value, leaseId, false).toByteArray()));
    }

    @Override
    public long delete(String key) {
        EtcdMessages.Deleted r = EtcdMessages.deleted(call(EtcdMessages.DELETE_RANGE, EtcdMessages.delete(key).toByteArray()));
        if (r.deleted() == 0) throw new StoreException.NotFound(key);
        return r.revision();
    }

    @Override
    public long delete(String key, long expectedModRevision) {
        requireRevision(expectedModRevision);
        EtcdMessages.TxnAnswer r = txn(List.of(Compare.modRevision(key).eq(expectedModRevision)),
                List.of(EtcdMessages.requestOp(Op.delete(key))), List.of(EtcdMessages.requestGet(key)));
        if (!r.succeeded()) throw casFailure(key, expectedModRevision, r);
        return r.revision();
    }

    @Override
    public TxnResult txn(Txn txn) {
        EtcdMessages.TxnAnswer r = txn(txn.compares(),
                txn.success().stream().map(EtcdMessages::requestOp).toList(),
                txn.failure().stream().map(EtcdMessages::requestOp).toList());
        return new TxnResult(r.succeeded(), r.revision(), r.results());
    }

    private EtcdMessages.TxnAnswer txn(List<Compare> compares, List<Proto.Writer> success, List<Proto.Writer> failure) {
        return EtcdMessages.txnAnswer(call(EtcdMessages.TXN, EtcdMessages.txn(compares, success, failure)));
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        if (fromRevision < 0) throw new IllegalArgumentException("fromRevision must be >= 0");
        long start = fromRevision == 0 ? currentRevision() + 1 : fromRevision;
        return WireWatch.start(this, prefix, start, listener);
    }

    @Override
    public long currentRevision() {
        return EtcdRange.page(call(EtcdRange.PATH, EtcdRange.request(PROBE_KEY, null, 0, 0, true)), 0).revision();
    }

    @Override
    public Leases leases() {
        return leases;
    }

    @Override
    public void close() {
        closed = true;
        GrpcChannel c;
        synchronized (connectLock) {
            c = channel;
            channel = null;
        }
        if (c != null) c.close();
        scheduler.shutdownNow();
    }

    // ---- shared with WireWatch / WireLeases

    WireErrors errors() {
        return errors;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    byte[] call(String path, byte[] request) {
        return call(path, request, config.requestTimeout());
    }

    /** Starts {@code path} on the current connection, opening one first if there is none. */
    GrpcChannel.Call start(String path, GrpcChannel.Listener listener) {
        try {
            return channel().start(path, listener);
        } catch (WireException e) {
            throw errors.map(e);
        }
    }

    /** A unary call's answer, without waiting (the keep-alive's renewals). */
    CompletableFuture<byte[]> callAsync(String path, byte[] request) {
        try {
            return channel().unary(path, request);
        } catch (WireException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private byte[] call(String path, byte[] request, Duration timeout) {
        CompletableFuture<byte[]> answer;
        try {
            answer = channel().unary(path, request);
        } catch (WireException e) {
            throw errors.map(e);
        }
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw errors.timeout(timeout);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw errors.unavailable("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof WireException w ? errors.map(w) : errors.unavailable(String.valueOf(e.getCause()), e.getCause());
        }
    }

    /** The live connection, or a new one to the next endpoint that answers. */
    private GrpcChannel channel() {
        GrpcChannel c = channel;
        if (c != null && c.isUsable()) return c;
        synchronized (connectLock) {
            c = channel;
            if (c != null && c.isUsable()) return c;
            if (closed) throw new WireException("the store client is closed");
            List<URI> endpoints = config.endpoints();
            WireException last = null;
            for (int i = 0; i < endpoints.size(); i++) {
                URI e = endpoints.get((nextEndpoint + i) % endpoints.size());
                try {
                    c = GrpcChannel.open(e.getHost(), e.getPort(), config.connectTimeout());
                    nextEndpoint = (nextEndpoint + i) % endpoints.size();
                    channel = c;
                    return c;
                } catch (WireException failed) {
                    last = failed;
                }
            }
            nextEndpoint = (nextEndpoint + 1) % endpoints.size(); // the next attempt starts elsewhere
            throw last;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void requireRevision(long expected) {
        if (expected <= 0) {
            throw new IllegalArgumentException("expected modRevision must be > 0 (got " + expected
                    + "); use create() for a key that does not exist yet");
        }
    }

    private static StoreException casFailure(String key, long expected, EtcdMessages.TxnAnswer r) {
        return r.results().stream()
                .flatMap(o -> o instanceof dev.skiff.store.OpResult.Get g ? g.kv().stream() : java.util.stream.Stream.empty())
                .findFirst()
                .<StoreException>map(kv -> new StoreException.Conflict(key, expected, kv.modRevision()))
                .orElseGet(() -> new StoreException.NotFound(key));
    }
}
