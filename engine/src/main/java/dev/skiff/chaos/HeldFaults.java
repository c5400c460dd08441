package dev.skiff.chaos;

import dev.skiff.client.Client;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults a long-lived session starts and keeps alive (a prompt's chaos commands, a JS session's
 * {@code nodes(sel).kill()}): each fault hangs on a chaos lease of its own, renewed until the fault ends (its
 * duration, a halt, its deletion) and then revoked; closing revokes the leases still held, so a session that
 * stops, or dies, never leaves a fault behind.
 */
public final class HeldFaults implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);

    private final String holder;
    private final Set<ChaosLease.Hold> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** {@code holder}: who holds the leases, as {@code chaos status} and the lease keys say. */
    public HeldFaults(String holder) {
        this.holder = holder;
    }

    /** Creates the fault on a lease of its own, kept until the fault ends or this closes. */
    public <F extends Fault> F create(Client client, F fault) {
        if (closed) throw new IllegalStateException("the session is closing: no new faults");
        ChaosLease.Hold hold = ChaosLease.hold(client.store(), ChaosLease.DEFAULT_TTL, holder);
        F created;
        try {
            created = client.create(hold.stamp(fault));
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
        held.add(hold);
        Thread.ofVirtual().name("held-" + created.name()).start(() -> releaseWhenEnded(client, created, hold));
        return created;
    }

    /** Keeps the lease until the fault ends or is deleted, then revokes it. */
    private void releaseWhenEnded(Client client, Fault fault, ChaosLease.Hold hold) {
        try {
            while (held.contains(hold)) {
                var now = client.get(fault.getClass(), fault.namespace(), fault.name());
                if (now.isEmpty() || now.get().statusOrNew().ended()) break;
                Thread.sleep(POLL);
            }
        } catch (InterruptedException | RuntimeException e) {
            // the store went away or the session closes: close() releases
        }
        release(hold);
    }

    private void release(ChaosLease.Hold hold) {
        if (!held.remove(hold)) return;
        try {
            hold.close();
        } catch (RuntimeException e) {
            // the store is gone: the lease expires on its own after its TTL
        }
    }

    @Override
    public void close() {
        closed = true;
        held.forEach(this::release);
    }
}
