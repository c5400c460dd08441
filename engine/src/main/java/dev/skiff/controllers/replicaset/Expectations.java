package dev.skiff.controllers.replicaset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller is still waiting to see in its caches after its own writes, per owner key (as
 * client-go's ControllerExpectations). Without it, a reconcile that runs before the informer has
 * delivered the pods just created would see too few and create them again. The owner is left alone
 * until every expected creation and deletion has been observed, or the expectation went stale (a
 * watch event lost for good must not wedge the owner forever).
 */
public final class Expectations {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);

    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private static final class Pending {
        int adds;
        final Set<String> deletes = new HashSet<>();
        Instant since;
    }

    public Expectations(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** True when nothing is outstanding for {@code key} (or what is outstanding is stale). */
    public boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) return true;
        synchronized (p) {
            if (p.adds <= 0 && p.deletes.isEmpty()) return true;
            return !clock.instant().isBefore(p.since.plus(ttl));
        }
    }

    public void expectCreations(String key, int count) {
        Pending p = fresh(key);
        synchronized (p) {
            p.adds = count;
        }
    }

    public void expectDeletions(String key, Collection<String> podNames) {
        Pending p = fresh(key);
        synchronized (p) {
            p.deletes.addAll(podNames);
        }
    }

    /** A create we expected showed up (or failed, so it never will). */
    public void creationObserved(String key) {
        Pending p = pending.get(key);
        if (p == null) return;
        synchronized (p) {
            p.adds--;
        }
    }

    public void creationsAbandoned(String key, int count) {
        Pending p = pending.get(key);
        if (p == null) return;
        synchronized (p) {
            p.adds -= count;
        }
    }

    /** The pod is gone or marked for deletion; idempotent per pod. */
    public void deletionObserved(String key, String podName) {
        Pending p = pending.get(key);
        if (p == null) return;
        synchronized (p) {
            p.deletes.remove(podName);
        }
    }

    public void forget(String key) {
        pending.remove(key);
    }

    public void clear() {
        pending.clear();
    }

    /** Replaces whatever was pending: callers set expectations only once the previous ones are met (or stale). */
    private Pending fresh(String key) {
        Pending p = new Pending();
        p.since = clock.instant();
        pending.put(key, p);
        return p;
    }
}
