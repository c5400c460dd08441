package dev.skiff.agent;

import dev.skiff.client.NodeHeartbeat;
import dev.skiff.store.Store;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The node's heartbeat, kept beating: when its lease is lost — the store away longer than the TTL,
 * keep-alive replies too slow on a loaded machine, or the lease revoked from outside — a new one is
 * granted, retried with back-off until the store takes it, so the node turns Ready again by itself
 * instead of staying NotReady until the agent restarts.
 */
final class KeptHeartbeat implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(KeptHeartbeat.class.getName());
    static final Backoff RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ZERO);

    private final Store store;
    private final String node;
    private final Duration ttl;
    private final Runnable onRegained;
    private NodeHeartbeat current; // guarded by this
    private boolean stopped; // guarded by this
    private boolean regranting; // guarded by this

    private KeptHeartbeat(Store store, String node, Duration ttl, Runnable onRegained) {
        this.store = store;
        this.node = node;
        this.ttl = ttl;
        this.onRegained = onRegained;
    }

    /** Grants the first lease now (failing loudly if the store is away); {@code onRegained} runs after each later one. */
    static KeptHeartbeat start(Store store, String node, Duration ttl, Runnable onRegained) {
        var kept = new KeptHeartbeat(store, node, ttl, onRegained);
        NodeHeartbeat first = kept.grant();
        synchronized (kept) {
            kept.current = first;
        }
        return kept;
    }

    private NodeHeartbeat grant() {
        return NodeHeartbeat.start(store, node, ttl, this::lost);
    }

    /** The lease the heartbeat key hangs on now. */
    synchronized long leaseId() {
        return current.leaseId();
    }

    private void lost() {
        synchronized (this) {
            if (stopped || regranting) return;
            regranting = true;
        }
        LOG.warning("heartbeat lease of node " + node + " lost (the store was unreachable or too slow for longer than "
                + ttl.toSeconds() + " s): granting a new one");
        Thread.ofVirtual().name("heartbeat-regrant-" + node).start(this::regrant);
    }

    private void regrant() {
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (stopped) return;
            }
            try {
                NodeHeartbeat next = grant();
                synchronized (this) {
                    regranting = false;
                    if (stopped) {
                        closeQuietly(next);
                        return;
                    }
                    current = next;
                }
                LOG.info("heartbeat of node " + node + " beating again (attempt " + attempt + ")");
                onRegained.run();
                return;
            } catch (RuntimeException e) {
                Duration wait = RETRY.delay(attempt);
                LOG.warning("cannot grant node " + node + " a heartbeat lease: " + e.getMessage() + "; retrying in "
                        + wait.toMillis() + " ms");
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Stops beating and revokes the lease: the node turns NotReady at once. */
    @Override
    public void close() {
        NodeHeartbeat last;
        synchronized (this) {
            stopped = true;
            last = current;
        }
        closeQuietly(last);
    }

    private static void closeQuietly(NodeHeartbeat hb) {
        try {
            hb.close();
        } catch (RuntimeException e) {
            // the store is away: the lease expires by itself
        }
    }
}
