package dev.skiff.store;

import static dev.skiff.store.Jetcd.bytes;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.kv.DeleteResponse;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.SkiffOps;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link Store} over an etcd v3 endpoint (real etcd or Skiff's embedded server) through jetcd. */
public final class EtcdStore implements Store {

    private static final ByteSequence PROBE_KEY = ByteSequence.from(new byte[] {0});

    private final StoreConfig config;
    private final Client client;
    private final EtcdErrors errors;
    private final ScheduledExecutorService scheduler;
    private final EtcdLeases leases;

    private EtcdStore(StoreConfig config, Client client) {
        this.config = config;
        this.client = client;
        this.errors = new EtcdErrors(config.addresses());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("skiff-store-scheduler").daemon(true).factory());
        this.leases = new EtcdLeases(this);
    }

    /** Connects and checks the server answers; fails fast with Unavailable when nothing listens. */
    public static EtcdStore connect(StoreConfig config) {
        Client client = Client.builder()
                .endpoints(config.endpoints())
                .connectTimeout(config.connectTimeout())
                .waitForReady(false)
                .build();
        EtcdStore store = new EtcdStore(config, client);
        try {
            store.await(client.getKVClient().get(PROBE_KEY, GetOption.builder().withCountOnly(true).build()),
                    config.connectTimeout());
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
        GetResponse r = await(client.getKVClient().get(bytes(key)));
        return r.getKvs().stream().findFirst().map(Jetcd::kv);
    }

    /** Every key of the page: jetcd's requests cannot carry {@code valueContains}, which callers test themselves. */
    @Override
    public Page list(String prefix, ListOptions options) {
        String from = options.continueAfterKey() != null ? null : prefix;
        ByteSequence start = from == null ? Jetcd.after(options.continueAfterKey())
                : from.isEmpty() ? PROBE_KEY : bytes(from);
        GetOption.Builder get = GetOption.builder()
                .withRange(Jetcd.prefixEnd(prefix))
                .withRevision(options.revision())
                .withLimit(options.limit())
                .withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND);
        GetResponse r = awaitRead(client.getKVClient().get(start, get.build()), options.revision());
        // etcd's header carries the store's current revision even for a read at an older one
        long at = options.revision() != 0 ? options.revision() : r.getHeader().getRevision();
        return new Page(r.getKvs().stream().map(Jetcd::kv).toList(), at, r.isMore());
    }

    @Override
    public long create(String key, byte[] value) {
        return create(key, value, 0);
    }

    @Override
    public long create(String key, byte[] value, long leaseId) {
        TxnResponse r = await(client.getKVClient().txn()
                .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(io.etcd.jetcd.op.Op.put(bytes(key), bytes(value), leaseOption(leaseId)))
                .commit());
        if (!r.isSucceeded()) throw new StoreException.AlreadyExists(key);
        return r.getHeader().getRevision();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        requireRevision(expectedModRevision);
        TxnResponse r = await(client.getKVClient().txn()
                .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(SkiffOps.putKeepingLease(bytes(key), bytes(value)))
                .Else(io.etcd.jetcd.op.Op.get(bytes(key), GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) throw casFailure(key, expectedModRevision, r);
        return r.getHeader().getRevision();
    }

    @Override
    public long put(String key, byte[] value, long leaseId) {
        return await(client.getKVClient().put(bytes(key), bytes(value), leaseOption(leaseId)))
                .getHeader().getRevision();
    }

    @Override
    public long delete(String key) {
        DeleteResponse r = await(client.getKVClient().delete(bytes(key)));
        if (r.getDeleted() == 0) throw new StoreException.NotFound(key);
        return r.getHeader().getRevision();
    }

    @Override
    public long delete(String key, long expectedModRevision) {
        requireRevision(expectedModRevision);
        TxnResponse r = await(client.getKVClient().txn()
                .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(io.etcd.jetcd.op.Op.delete(bytes(key), DeleteOption.DEFAULT))
                .Else(io.etcd.jetcd.op.Op.get(bytes(key), GetOption.DEFAULT))
                .commit());
        if (!r.isSucceeded()) throw casFailure(key, expectedModRevision, r);
        return r.getHeader().getRevision();
    }

    @Override
    public TxnResult txn(Txn txn) {
        TxnResponse r = await(EtcdTxns.toJetcd(client.getKVClient().txn(), txn).commit());
        return EtcdTxns.result(txn, r);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        if (fromRevision < 0) throw new IllegalArgumentException("fromRevision must be >= 0");
        long start = fromRevision == 0 ? currentRevision() + 1 : fromRevision;
        return EtcdWatch.start(this, prefix, start, listener);
    }

    @Override
    public long currentRevision() {
        return await(client.getKVClient().get(PROBE_KEY, GetOption.builder().withCountOnly(true).build()))
                .getHeader().getRevision();
    }

    @Override
    public Leases leases() {
        return leases;
    }

    /** Discards history up to {@code revision}: reads and watches before it fail with Compacted. */
    public void compact(long revision) {
        await(client.getKVClient().compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
    }

    @Override
    public void close() {
        // client first: closing it completes open watch streams, whose callbacks still hand work to
        // the scheduler; shut the other way round, that hand-off threw out of close() half done
        client.close();
        scheduler.shutdownNow();
    }

    // --- shared with EtcdWatch / EtcdLeases ---

    Client client() {
        return client;
    }

    EtcdErrors errors() {
        return errors;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    <T> T await(CompletableFuture<T> future) {
        return await(future, config.requestTimeout());
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw errors.timeout(timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw errors.unavailable("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw errors.map(e);
        }
    }

    /** A read at a revision: a compacted revision reports the compact revision the server keeps. */
    private <T> T awaitRead(CompletableFuture<T> future, long revision) {
        try {
            return await(future);
        } catch (StoreException.Compacted e) {
            throw new StoreException.Compacted(EtcdWatch.compactRevision(this).orElse(e.compactRevision()));
        } catch (IllegalArgumentException e) {
            if (EtcdErrors.isFutureRevision(e)) {
                throw new IllegalArgumentException("revision " + revision + " is in the future (the store is at "
                        + currentRevision() + ")", e);
            }
            throw e;
        }
    }

    private static PutOption leaseOption(long leaseId) {
        return leaseId == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(leaseId).build();
    }

    private static void requireRevision(long expected) {
        if (expected <= 0) {
            throw new IllegalArgumentException("expected modRevision must be > 0 (got " + expected
                    + "); use create() for a key that does not exist yet");
        }
    }

    private static StoreException casFailure(String key, long expected, TxnResponse r) {
        return r.getGetResponses().stream()
                .flatMap(g -> g.getKvs().stream())
                .findFirst()
                .<StoreException>map(kv -> new StoreException.Conflict(key, expected, kv.getModRevision()))
                .orElseGet(() -> new StoreException.NotFound(key));
    }
}
