package dev.skiff.store.embedded;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The live leases: id, granted TTL and deadline. Only grant, revoke and expiry touch the disk (in
 * {@link LeaseOps}); a keep-alive just moves the deadline here in memory, so an idle cluster whose
 * nodes heartbeat through leases writes nothing. Deadlines come from the injected clock.
 */
final class Leases {
    /** etcd's floor: 1.5 election timeouts (1 s default), rounded up to whole seconds. */
    static final long MIN_TTL_SECONDS = 2;
    static final long MAX_TTL_SECONDS = 9_000_000_000L;

    private static final class Lease {
        final long id;
        final long ttlSeconds;
        volatile long deadlineMillis;

        Lease(long id, long ttlSeconds, long deadlineMillis) {
            this.id = id;
            this.ttlSeconds = ttlSeconds;
            this.deadlineMillis = deadlineMillis;
        }
    }

    /** What TimeToLive reports; remaining is -1 when the lease does not exist. */
    record Status(long id, long grantedTtl, long remainingTtl) {}

    private final Clock clock;
    private final Map<Long, Lease> leases = new ConcurrentHashMap<>();

    Leases(Clock clock) {
        this.clock = clock;
    }

    /** Re-arms persisted leases with a full TTL from now, as etcd does after a restart. */
    void restore(Map<Long, Long> persisted) {
        persisted.forEach((id, ttl) -> add(id, ttl));
    }

    static long effectiveTtl(long requested) {
        if (requested > MAX_TTL_SECONDS) {
            throw EtcdError.leaseTtlTooLarge();
        }
        return Math.max(requested, MIN_TTL_SECONDS);
    }

    long newId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        } while (leases.containsKey(id));
        return id;
    }

    boolean exists(long id) {
        return leases.containsKey(id);
    }

    void add(long id, long ttlSeconds) {
        leases.put(id, new Lease(id, ttlSeconds, clock.millis() + ttlSeconds * 1000));
    }

    void remove(long id) {
        leases.remove(id);
    }

    /** Renews a lease; returns its TTL, or 0 when it is gone or already expired (etcd's answer). */
    long keepAlive(long id) {
        Lease lease = leases.get(id);
        long now = clock.millis();
        if (lease == null || lease.deadlineMillis <= now) {
            return 0;
        }
        lease.deadlineMillis = now + lease.ttlSeconds * 1000;
        return lease.ttlSeconds;
    }

    Status status(long id) {
        Lease lease = leases.get(id);
        if (lease == null) {
            return new Status(id, 0, -1);
        }
        long remainingMillis = Math.max(0, lease.deadlineMillis - clock.millis());
        // truncated to whole seconds as etcd does (int64(Remaining().Seconds())): a lease renewed
        // just now shows ttl - 1, which is what lets a reader bound when it was last renewed
        return new Status(id, lease.ttlSeconds, remainingMillis / 1000);
    }

    boolean isExpired(long id) {
        Lease lease = leases.get(id);
        return lease != null && lease.deadlineMillis <= clock.millis();
    }

    List<Long> expired() {
        long now = clock.millis();
        List<Long> result = new ArrayList<>();
        for (Lease lease : leases.values()) {
            if (lease.deadlineMillis <= now) {
                result.add(lease.id);
            }
        }
        return result;
    }

    List<Long> ids() {
        return new ArrayList<>(leases.keySet());
    }
}
