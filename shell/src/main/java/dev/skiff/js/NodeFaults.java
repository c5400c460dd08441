package dev.skiff.js;

import dev.skiff.api.ObjectMeta;
import dev.skiff.chaos.ChaosKinds;
import dev.skiff.chaos.ChaosLease;
import dev.skiff.chaos.ChaosMode;
import dev.skiff.chaos.ChaosSelector;
import dev.skiff.chaos.NodeChaos;
import dev.skiff.chaos.NodeChaosAction;
import dev.skiff.chaos.NodeChaosSpec;
import dev.skiff.client.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node-down faults a script starts ({@code nodes(sel).kill()}). Each hangs on its own chaos
 * lease, kept alive by this session until the fault ends; closing the session revokes the leases
 * still held, so a script that stops (or a shell that dies) never leaves a node down.
 */
final class NodeFaults implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);

    private final Set<ChaosLease.Hold> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Creates the fault; {@code duration} null = until halted or the session ends. */
    NodeChaos nodeDown(Client client, String namespace, List<String> nodes, String duration) {
        if (closed) throw new IllegalStateException("the session is closing: no new faults");
        ChaosKinds.register(); // a session outside the CLI (tests, benchmarks) has not yet
        ChaosLease.Hold hold = ChaosLease.hold(client.store(), ChaosLease.DEFAULT_TTL, holder());
        NodeChaos created;
        try {
            ObjectMeta meta = new ObjectMeta(null, "node-down-", namespace, null, null, null, null, null, null, null,
                    null, null, null).withAnnotations(Map.of(ChaosLease.ANNOTATION, hold.annotation()));
            ChaosSelector selector = new ChaosSelector(null, null, null, null, nodes, null);
            created = client.create(NodeChaos.of(meta,
                    new NodeChaosSpec(NodeChaosAction.NODE_DOWN, selector, ChaosMode.ALL, null, duration, null)));
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
        held.add(hold);
        Thread.ofVirtual().name("node-down-" + created.name()).start(() -> releaseWhenEnded(client, created, hold));
        return created;
    }

    /** Keeps the lease until the fault ends or is deleted (its duration, a halt), then revokes it. */
    private void releaseWhenEnded(Client client, NodeChaos fault, ChaosLease.Hold hold) {
        try {
            while (held.contains(hold)) {
                var now = client.get(NodeChaos.class, fault.namespace(), fault.name());
                if (now.isEmpty() || now.get().statusOrNew().ended()) break;
                Thread.sleep(POLL);
            }
        } catch (InterruptedException | RuntimeException e) {
            // the store went away or the session closes: close() releases
        }
        if (held.remove(hold)) hold.close();
    }

    private static String holder() {
        return "skiff js session, pid " + ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        closed = true;
        for (ChaosLease.Hold hold : held) {
            if (held.remove(hold)) {
                try {
                    hold.close();
                } catch (RuntimeException e) {
                    // the store is gone: the lease expires on its own after its TTL
                }
            }
        }
    }
}
