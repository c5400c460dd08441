package dev.skiff.controllers.node;

import dev.skiff.client.NodeHeartbeat;
import dev.skiff.controller.Startable;
import dev.skiff.store.KeyValue;
import dev.skiff.store.ListOptions;
import dev.skiff.store.Page;
import dev.skiff.store.Store;
import dev.skiff.store.StoreException;
import dev.skiff.store.Watch;
import dev.skiff.store.WatchEvent;
import dev.skiff.store.WatchListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the heartbeat keys ({@link NodeHeartbeat#PREFIX}) — not a resource kind, so a plain
 * store list+watch rather than an informer. Runs while this engine leads: a new leader starts
 * with a fresh view and gives nodes without a key a grace, as Kubernetes' controller does.
 * <p>
 * A key only disappears when its lease expires, up to a whole TTL after the agent's last renewal.
 * Keep-alives write nothing a watch could see, so the tracker asks the store how long each live
 * key's lease has left ({@link LeaseProbe}) and calls a node silent once its lease has gone
 * unrenewed for {@code grace} — Kubernetes' node-monitor-grace-period over Lease renewals.
 */
final class HeartbeatTracker implements Startable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatTracker.class);

    private final Supplier<Store> stores;
    private Store store;
    private final Clock clock;
    private final Runnable onChange;
    private final Map<String, Instant> alive = new ConcurrentHashMap<>();
    /** The lease of each live key, for the probe. */
    private final Map<String, Long> leases = new ConcurrentHashMap<>();
    /** Live keys whose lease has gone unrenewed longer than the grace, since when. */
    private final Map<String, Instant> silent = new ConcurrentHashMap<>();
    private final LeaseProbe probe;
    private final Map<String, Instant> lost = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile Instant startedAt = Instant.EPOCH;
    private volatile Instant lastRecovery = Instant.EPOCH;
    private volatile boolean synced;
    private volatile boolean running;
    private Thread connector;
    private volatile Thread prober;
    private Watch watch;

    /**
     * {@code stores} gives the store at each start; {@code onChange} runs (on the watch or probe
     * thread) after any key appears or disappears, or a node goes silent or speaks again;
     * {@code grace}: how long a lease may go unrenewed before its node is silent.
     */
    HeartbeatTracker(Supplier<Store> stores, Clock clock, Duration grace, Runnable onChange) {
        this.stores = stores;
        this.clock = clock;
        this.onChange = onChange;
        this.probe = new LeaseProbe(clock, grace);
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
            store = stores.get(); // asked for at start: the engine's client is only handed out while leading
            startedAt = clock.instant();
            lastRecovery = startedAt;
            probe.restart(startedAt);
            connector = Thread.ofVirtual().name("heartbeat-tracker").start(this::connect);
            prober = Thread.ofVirtual().name("heartbeat-prober").unstarted(this::probeLoop);
            prober.start();
        }
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    @Override
    public void stop() {
        synchronized (lock) {
            running = false;
            synced = false;
            if (connector != null) connector.interrupt();
            if (prober != null) prober.interrupt();
            connector = null;
            prober = null;
            closeWatch();
            alive.clear();
            leases.clear();
            silent.clear();
            lost.clear();
        }
    }

    Liveness liveness(String node) {
        if (alive.containsKey(node)) {
            Instant quiet = silent.get(node);
            return quiet != null ? new Liveness.Silent(quiet) : new Liveness.Alive();
        }
        Instant since = lost.get(node);
        return since != null ? new Liveness.Lost(since) : new Liveness.Unseen(startedAt);
    }

    /** Whether any node's heartbeat is alive and renewed. */
    boolean anyAlive() {
        for (String node : alive.keySet()) {
            if (!silent.containsKey(node)) return true;
        }
        return false;
    }

    /** When the last total outage ended (or this term began): eviction clocks never start earlier. */
    Instant lastRecovery() {
        return lastRecovery;
    }

    /** Lists the keys, then watches from the list's revision; again with backoff after an error. */
    private void connect() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                long revision = relist();
                synchronized (lock) {
                    if (!running) return;
                    watch = store.watch(NodeHeartbeat.PREFIX, revision + 1, listener());
                }
                synced = true;
                onChange.run();
                return;
            } catch (RuntimeException e) {
                log.warn("heartbeat tracker: {}; retrying in {} ms", e.getMessage(), backoff.toMillis());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException stopped) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private long relist() {
        Map<String, Long> present = new HashMap<>();
        ListOptions options = ListOptions.page(500);
        Page page;
        do {
            page = store.list(NodeHeartbeat.PREFIX, options);
            for (KeyValue kv : page.items()) present.put(NodeHeartbeat.nodeOf(kv.key()), kv.lease());
            if (page.more()) options = options.next(page);
        } while (page.more());
        Instant now = clock.instant();
        // a key that vanished while we were not watching was lost then, at the latest
        for (String node : Set.copyOf(alive.keySet())) {
            if (!present.containsKey(node)) markLost(node, now);
        }
        present.forEach((node, lease) -> markAlive(node, lease, now));
        return page.revision();
    }

    private WatchListener listener() {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                Instant now = clock.instant();
                for (WatchEvent e : batch) {
                    String node = NodeHeartbeat.nodeOf(e.key());
                    switch (e) {
                        case WatchEvent.Put put -> markAlive(node, put.kv().lease(), now);
                        case WatchEvent.Delete del -> markLost(node, now);
                    }
                }
                onChange.run();
            }

            @Override
            public void onError(StoreException e) {
                synchronized (lock) {
                    if (!running) return;
                    closeWatch();
                    connector = Thread.ofVirtual().name("heartbeat-tracker").start(HeartbeatTracker.this::connect);
                }
            }
        };
    }

    /** The node's key exists on {@code lease}; a new lease (the agent started again) is a fresh start. */
    private void markAlive(String node, long lease, Instant now) {
        Long before = leases.put(node, lease);
        if (before == null || before != lease) {
            probe.forget(node);
            silent.remove(node);
        }
        if (!anyAlive()) lastRecovery = now;
        alive.putIfAbsent(node, now);
        lost.remove(node);
    }

    private void markLost(String node, Instant now) {
        alive.remove(node);
        leases.remove(node);
        probe.forget(node);
        Instant quiet = silent.remove(node);
        lost.putIfAbsent(node, quiet != null ? quiet : now); // it was lost when it fell silent
    }

    /** Probes each live key's lease when its grace would run out; flips nodes silent and back. */
    private void probeLoop() {
        while (running && Thread.currentThread() == prober) { // not a stopped term's prober
            Instant wake = clock.instant().plus(LeaseProbe.IDLE);
            boolean changed = false;
            for (Map.Entry<String, Long> e : leases.entrySet()) {
                if (!running) return;
                LeaseProbe.Verdict v = probe.probeIfDue(store, e.getKey(), e.getValue());
                changed |= apply(e.getKey(), e.getValue(), v);
                if (v.next().isBefore(wake)) wake = v.next();
            }
            if (changed) onChange.run();
            try {
                long millis = Duration.between(clock.instant(), wake).toMillis();
                Thread.sleep(Math.max(LeaseProbe.MIN_SLEEP.toMillis(), millis));
            } catch (InterruptedException stopped) {
                return;
            }
        }
    }

    /** Records what a probe of {@code lease} said; true when the node's liveness changed. */
    private boolean apply(String node, long lease, LeaseProbe.Verdict verdict) {
        Long current = leases.get(node);
        if (current == null || current != lease) return false; // its key went or moved meanwhile: the watch said so
        return switch (verdict.state()) {
            case SILENT -> {
                if (silent.putIfAbsent(node, verdict.at()) != null) yield false;
                log.info("node {} has not renewed its heartbeat lease for at least {} ms", node,
                        verdict.quietFor().toMillis());
                yield true;
            }
            case RENEWING -> {
                // a renewal after it fell silent, not just a rounder reading of the same old one
                Instant since = silent.get(node);
                if (since == null || !verdict.renewed().isAfter(since)) yield false;
                if (!anyAlive()) lastRecovery = verdict.at();
                silent.remove(node);
                log.info("node {} renews its heartbeat lease again", node);
                yield true;
            }
            case UNKNOWN -> false;
        };
    }

    private void closeWatch() {
        if (watch != null) watch.close();
        watch = null;
    }
}
