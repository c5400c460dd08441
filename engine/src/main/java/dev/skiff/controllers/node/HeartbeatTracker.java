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
import java.util.HashSet;
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
 */
final class HeartbeatTracker implements Startable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatTracker.class);

    private final Supplier<Store> stores;
    private Store store;
    private final Clock clock;
    private final Runnable onChange;
    private final Map<String, Instant> alive = new ConcurrentHashMap<>();
    private final Map<String, Instant> lost = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile Instant startedAt = Instant.EPOCH;
    private volatile Instant lastRecovery = Instant.EPOCH;
    private volatile boolean synced;
    private volatile boolean running;
    private Thread connector;
    private Watch watch;

    /** {@code stores} gives the store at each start; {@code onChange} runs (on the watch thread) after any key appears or disappears. */
    HeartbeatTracker(Supplier<Store> stores, Clock clock, Runnable onChange) {
        this.stores = stores;
        this.clock = clock;
        this.onChange = onChange;
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
            store = stores.get(); // asked for at start: the engine's client is only handed out while leading
            startedAt = clock.instant();
            lastRecovery = startedAt;
            connector = Thread.ofVirtual().name("heartbeat-tracker").start(this::connect);
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
            connector = null;
            closeWatch();
            alive.clear();
            lost.clear();
        }
    }

    Liveness liveness(String node) {
        if (alive.containsKey(node)) return new Liveness.Alive();
        Instant since = lost.get(node);
        return since != null ? new Liveness.Lost(since) : new Liveness.Unseen(startedAt);
    }

    boolean anyAlive() {
        return !alive.isEmpty();
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
        Set<String> present = new HashSet<>();
        ListOptions options = ListOptions.page(500);
        Page page;
        do {
            page = store.list(NodeHeartbeat.PREFIX, options);
            for (KeyValue kv : page.items()) present.add(NodeHeartbeat.nodeOf(kv.key()));
            if (page.more()) options = options.next(page);
        } while (page.more());
        Instant now = clock.instant();
        // a key that vanished while we were not watching was lost then, at the latest
        for (String node : Set.copyOf(alive.keySet())) {
            if (!present.contains(node)) markLost(node, now);
        }
        for (String node : present) markAlive(node, now);
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
                        case WatchEvent.Put put -> markAlive(node, now);
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

    private void markAlive(String node, Instant now) {
        if (alive.isEmpty()) lastRecovery = now;
        alive.putIfAbsent(node, now);
        lost.remove(node);
    }

    private void markLost(String node, Instant now) {
        alive.remove(node);
        lost.putIfAbsent(node, now);
    }

    private void closeWatch() {
        if (watch != null) watch.close();
        watch = null;
    }
}
