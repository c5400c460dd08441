package dev.skiff.client;

import dev.skiff.store.KeepAlive;
import dev.skiff.store.Lease;
import dev.skiff.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A node's liveness, the way DESIGN.md §2 wants it: one key, {@code /skiff/heartbeats/<node>},
 * attached to a lease the node's agent keeps alive. Keep-alives write nothing to disk; when the
 * agent dies the lease expires, the key disappears, and the engine sees the node go NotReady.
 */
public final class NodeHeartbeat implements AutoCloseable {

    public static final String PREFIX = "/skiff/heartbeats/";
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    private final Store store;
    private final Lease lease;
    private final KeepAlive keepAlive;

    private NodeHeartbeat(Store store, Lease lease, KeepAlive keepAlive) {
        this.store = store;
        this.lease = lease;
        this.keepAlive = keepAlive;
    }

    public static String key(String node) {
        return PREFIX + node;
    }

    /** The node name a heartbeat key belongs to. */
    public static String nodeOf(String key) {
        return key.substring(PREFIX.length());
    }

    /**
     * Starts beating for {@code node}: grants a lease of {@code ttl}, writes the key on it, keeps it
     * alive; {@code onLost} runs if the lease is lost anyway (the store was away longer than ttl).
     */
    public static NodeHeartbeat start(Store store, String node, Duration ttl, Runnable onLost) {
        Lease lease = store.leases().grant(ttl);
        store.put(key(node), node.getBytes(StandardCharsets.UTF_8), lease.id());
        return new NodeHeartbeat(store, lease, store.leases().keepAlive(lease.id(), onLost));
    }

    public long leaseId() {
        return lease.id();
    }

    /** Stops beating without revoking: the node goes NotReady when the TTL runs out, as on power loss. */
    public void stall() {
        keepAlive.close();
    }

    /** Stops beating and revokes at once: a clean shutdown, seen immediately. */
    @Override
    public void close() {
        keepAlive.close();
        store.leases().revoke(lease.id());
    }
}
