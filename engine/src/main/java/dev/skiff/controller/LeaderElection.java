package dev.skiff.controller;

import dev.skiff.store.Compare;
import dev.skiff.store.KeepAlive;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Lease;
import dev.skiff.store.Op;
import dev.skiff.store.OpResult;
import dev.skiff.store.Store;
import dev.skiff.store.StoreException;
import dev.skiff.store.Txn;
import dev.skiff.store.TxnResult;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on an etcd lease. A candidate creates the leader key attached to its own lease,
 * guarded by "the key is absent"; whoever succeeds leads for as long as the lease lives. Standbys
 * watch the key and campaign again when it goes away (the leader resigned, or its lease expired
 * because it died or stalled).
 *
 * <p>A leader stops leading as soon as it has reason to doubt its term: the keep-alive reports the
 * lease lost, the lease's local deadline passes without a renewal ({@link #isLeader()} turns false
 * on its own), or the watch shows the key deleted or re-created. Because a stalled process can
 * only notice this late, writes carry the term's {@link LeaderGuard} and fail in the store instead.
 *
 * <p>All state changes happen on one virtual thread, so callbacks never overlap; they should return
 * quickly (hand long work to another thread).
 */
public final class LeaderElection implements AutoCloseable {

    public static final String DEFAULT_KEY = "/skiff/leader";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    /**
     * @param key         the election key
     * @param ttl         the lease TTL: how long a dead leader blocks a successor at most
     * @param retryPeriod how long to wait before trying again after the store failed
     * @param identity    who we are, stored as the key's value (shown to operators)
     */
    public record Config(String key, Duration ttl, Duration retryPeriod, String identity) {
        public Config {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(retryPeriod, "retryPeriod");
            Objects.requireNonNull(identity, "identity");
            if (identity.isBlank()) {
                throw new IllegalArgumentException("leader election needs a non-blank identity");
            }
        }

        public static Config of(String identity) {
            return new Config(DEFAULT_KEY, DEFAULT_TTL, DEFAULT_RETRY, identity);
        }

        /** {@code host-pid}: unique per process, readable in {@code etcdctl get /skiff/leader}. */
        public static Config forThisProcess() {
            return of(ManagementFactory.getRuntimeMXBean().getName().replace('@', '-'));
        }

        public Config withTtl(Duration newTtl) {
            return new Config(key, newTtl, retryPeriod, identity);
        }

        public Config withKey(String newKey) {
            return new Config(newKey, ttl, retryPeriod, identity);
        }
    }

    /** Leadership changes, called one at a time on the election's thread. */
    public interface Callbacks {
        void onStartedLeading(LeaderGuard guard);

        void onStoppedLeading();

        /** The leader key now names {@code identity} (null: nobody leads at the moment). */
        default void onNewLeader(String identity) {
        }
    }

    private final Store store;
    private final Config config;
    private final Callbacks callbacks;
    private final ExecutorService loop;

    // written only on the loop thread; volatile so isLeader()/guard() can read them from anywhere
    private volatile boolean leading;
    private volatile LeaderGuard term;
    private volatile KeepAlive keepAlive;
    private volatile String observedLeader;
    private volatile boolean closed;
    private Watch watch;
    private long watchEpoch;

    public LeaderElection(Store store, Config config, Callbacks callbacks) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.loop = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("leader-election-" + config.identity()).factory());
    }

    /** Begins campaigning in the background. */
    public void start() {
        submit(this::campaign);
    }

    public String identity() {
        return config.identity();
    }

    /** True only while this process holds the key and its lease has not run out locally. */
    public boolean isLeader() {
        KeepAlive k = keepAlive;
        return leading && k != null && k.isAlive();
    }

    /** The current term's guard, while leading. */
    public Optional<LeaderGuard> guard() {
        LeaderGuard t = term;
        return isLeader() ? Optional.ofNullable(t) : Optional.empty();
    }

    /** Who the leader key names, as last seen (empty: vacant or not yet known). */
    public Optional<String> leader() {
        return Optional.ofNullable(observedLeader);
    }

    // ---- campaigning (loop thread) ----

    private void campaign() {
        if (closed || term != null) {
            return;
        }
        closeWatch();
        Lease lease;
        TxnResult result;
        try {
            lease = store.leases().grant(config.ttl());
            result = createKeyOrRead(lease);
        } catch (StoreException e) {
            log.warn("{}: cannot campaign for {} ({}); retrying in {}", identity(), config.key(), e.getMessage(),
                    config.retryPeriod());
            retryLater(this::campaign);
            return;
        }
        if (result.succeeded()) {
            becomeLeader(lease, result.revision());
            return;
        }
        Optional<KeyValue> holder = ((OpResult.Get) result.results().getFirst()).kv();
        observe(holder.map(KeyValue::valueAsString).orElse(null));
        watchKey(result.revision() + 1);
    }

    private TxnResult createKeyOrRead(Lease lease) {
        try {
            TxnResult result = store.txn(Txn.when(Compare.absent(config.key()))
                    .then(Op.put(config.key(), identity().getBytes(StandardCharsets.UTF_8), lease.id()))
                    .otherwise(Op.get(config.key())));
            if (!result.succeeded()) {
                revokeQuietly(lease.id()); // a standby holds no lease; it grants a fresh one next time
            }
            return result;
        } catch (StoreException e) {
            revokeQuietly(lease.id());
            throw e;
        }
    }

    private void becomeLeader(Lease lease, long createRevision) {
        long leaseId = lease.id();
        try {
            keepAlive = store.leases().keepAlive(leaseId, () -> onLeaseLost(leaseId));
        } catch (StoreException e) {
            log.warn("{}: won {} but cannot keep its lease alive ({}); retrying", identity(), config.key(), e.getMessage());
            revokeQuietly(leaseId);
            retryLater(this::campaign);
            return;
        }
        term = new LeaderGuard(config.key(), createRevision, leaseId, identity());
        leading = true;
        log.info("{}: became leader ({} created at revision {})", identity(), config.key(), createRevision);
        observe(identity());
        watchKey(createRevision + 1);
        try {
            callbacks.onStartedLeading(term);
        } catch (RuntimeException e) {
            log.error("{}: onStartedLeading failed", identity(), e);
        }
    }

    /** Runs on the keep-alive's thread: make isLeader() false first, then tidy up on the loop. */
    private void onLeaseLost(long leaseId) {
        LeaderGuard t = term;
        if (t != null && t.leaseId() == leaseId) {
            leading = false;
        }
        submit(() -> stepDown(leaseId, "its lease was lost"));
    }

    private void stepDown(long leaseId, String why) {
        LeaderGuard t = term;
        if (t == null || t.leaseId() != leaseId) {
            return; // an old term's news
        }
        endTerm(t, false);
        log.warn("{}: stopped leading: {}", identity(), why);
        notifyStopped();
        // Campaign again, but only after a pause: a process that just lost its lease (stalled, cut
        // off) is the least healthy candidate, so healthy standbys get the first chance at the key.
        retryLater(this::campaign);
    }

    private void endTerm(LeaderGuard t, boolean resign) {
        leading = false;
        term = null;
        KeepAlive k = keepAlive;
        keepAlive = null;
        if (k != null) {
            k.close();
        }
        closeWatch();
        if (resign) {
            revokeQuietly(t.leaseId()); // deletes the key at once: a standby need not wait for the TTL
        }
    }

    private void notifyStopped() {
        try {
            callbacks.onStoppedLeading();
        } catch (RuntimeException e) {
            log.error("{}: onStoppedLeading failed", identity(), e);
        }
    }

    // ---- watching the key (events are handed to the loop thread) ----

    private void watchKey(long fromRevision) {
        closeWatch();
        long epoch = ++watchEpoch;
        try {
            watch = store.watch(config.key(), fromRevision, new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> batch) {
                    submit(() -> onKeyEvents(epoch, batch));
                }

                @Override
                public void onError(StoreException e) {
                    submit(() -> onWatchEnded(epoch, e));
                }
            });
        } catch (StoreException e) {
            onWatchEnded(epoch, e);
        }
    }

    private void onKeyEvents(long epoch, List<WatchEvent> batch) {
        if (epoch != watchEpoch) {
            return;
        }
        for (WatchEvent event : batch) {
            if (!event.key().equals(config.key())) {
                continue; // the watch is a prefix watch: /skiff/leader-other is not ours
            }
            LeaderGuard t = term;
            switch (event) {
                case WatchEvent.Delete delete -> {
                    observe(null);
                    if (t != null) {
                        stepDown(t.leaseId(), config.key() + " was deleted (lease expired or key removed)");
                    } else {
                        campaign();
                    }
                    return;
                }
                case WatchEvent.Put put -> {
                    observe(put.kv().valueAsString());
                    if (t != null && put.kv().createRevision() != t.createRevision()) {
                        stepDown(t.leaseId(), config.key() + " was re-created by " + put.kv().valueAsString());
                        return;
                    }
                }
            }
        }
    }

    private void onWatchEnded(long epoch, StoreException e) {
        if (epoch != watchEpoch || closed) {
            return;
        }
        log.warn("{}: watch on {} ended ({}); looking again", identity(), config.key(), e.getMessage());
        watch = null;
        retryLater(this::lookAgain);
    }

    /** After a lost watch: re-read the key, then continue as leader (if it is still ours) or standby. */
    private void lookAgain() {
        LeaderGuard t = term;
        if (closed) {
            return;
        }
        if (t == null) {
            campaign();
            return;
        }
        TxnResult read;
        try {
            read = store.txn(Txn.when().then(Op.get(config.key())));
        } catch (StoreException e) {
            retryLater(this::lookAgain); // keep leading while the lease holds; isLeader() knows its deadline
            return;
        }
        Optional<KeyValue> kv = ((OpResult.Get) read.results().getFirst()).kv();
        if (kv.isPresent() && kv.get().createRevision() == t.createRevision()) {
            watchKey(read.revision() + 1);
        } else {
            stepDown(t.leaseId(), config.key() + " is no longer ours");
        }
    }

    private void observe(String leader) {
        if (Objects.equals(leader, observedLeader)) {
            return;
        }
        observedLeader = leader;
        try {
            callbacks.onNewLeader(leader);
        } catch (RuntimeException e) {
            log.error("{}: onNewLeader failed", identity(), e);
        }
    }

    private void closeWatch() {
        watchEpoch++;
        Watch w = watch;
        watch = null;
        if (w != null) {
            w.close();
        }
    }

    // ---- plumbing ----

    private void submit(Runnable task) {
        if (closed) {
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // close() is under way
        }
    }

    private void retryLater(Runnable task) {
        Thread.ofVirtual().name("leader-election-retry").start(() -> {
            try {
                Thread.sleep(config.retryPeriod());
                submit(task);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void revokeQuietly(long leaseId) {
        try {
            store.leases().revoke(leaseId);
        } catch (StoreException e) {
            log.debug("{}: could not revoke lease {} ({}); it will expire", identity(), Long.toHexString(leaseId),
                    e.getMessage());
        }
    }

    /**
     * Stops renewing the lease without revoking it or telling anyone — what a frozen or partitioned
     * process looks like from outside. For tests of failover and of the guard.
     */
    void stallForTesting() {
        runOnLoop(() -> {
            KeepAlive k = keepAlive;
            if (k != null) {
                k.close();
            }
        });
    }

    /** Resigns if leading (the key is deleted at once so a standby takes over) and stops campaigning. */
    @Override
    public void close() {
        runOnLoop(() -> {
            closed = true;
            LeaderGuard t = term;
            closeWatch();
            if (t != null) {
                endTerm(t, true);
                log.info("{}: resigned leadership", identity());
                notifyStopped();
            }
        });
        closed = true;
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runOnLoop(Runnable task) {
        try {
            loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException alreadyClosed) {
            // nothing left to do
        } catch (ExecutionException e) {
            throw new IllegalStateException("leader election task failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("leader election thread did not respond within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
