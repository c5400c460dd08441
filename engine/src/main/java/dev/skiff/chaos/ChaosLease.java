package dev.skiff.chaos;

import dev.skiff.store.KeepAlive;
import dev.skiff.store.Lease;
import dev.skiff.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The dead man's switch of a fault. Its creator grants a lease, writes the key
 * {@code /skiff/chaos/leases/<id>} on it and keeps it alive while it runs; the fault object carries
 * the id in the annotation {@value #ANNOTATION}. When the creator dies, the lease expires, etcd
 * deletes the key, and every watcher of the prefix (the engine's chaos controller, each agent's
 * executor) reverts that lease's faults. A fault without the annotation is bounded only by its
 * duration, a halt or its deletion (an {@code apply -f}'d fault, as in Chaos Mesh).
 */
public final class ChaosLease {

    public static final String ANNOTATION = "chaos.skiff.dev/lease";
    public static final String PREFIX = "/skiff/chaos/leases/";
    /** Short enough that a crashed shell's faults end quickly, long enough to ride out a GC pause. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(5);

    private ChaosLease() {
    }

    public static String key(long leaseId) {
        return PREFIX + leaseId;
    }

    /** The lease id a key of {@link #PREFIX} names. */
    public static Optional<Long> idOfKey(String key) {
        if (!key.startsWith(PREFIX)) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(key.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The lease a fault hangs on, if any. */
    public static Optional<Long> of(Fault fault) {
        String v = fault.metadata().annotationsOrEmpty().get(ANNOTATION);
        if (v == null) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True while the creator holding {@code leaseId} lives. */
    public static boolean alive(Store store, long leaseId) {
        return store.get(key(leaseId)).isPresent();
    }

    /**
     * Grants a lease and writes its key; the caller stamps {@link Hold#id()} on the faults it
     * creates and closes the hold when it ends normally (revoking: the faults end at once).
     */
    public static Hold hold(Store store, Duration ttl, String holder) {
        Lease lease = store.leases().grant(ttl);
        store.put(key(lease.id()), holder.getBytes(StandardCharsets.UTF_8), lease.id());
        KeepAlive keepAlive = store.leases().keepAlive(lease.id());
        return new Hold(store, lease.id(), keepAlive);
    }

    /** A held lease. {@link #close()} revokes it; {@link #abandon()} only stops renewing it. */
    public record Hold(Store store, long id, KeepAlive keepAlive) implements AutoCloseable {

        public String annotation() {
            return Long.toString(id);
        }

        /** The fault, naming this lease in its annotation: it ends when the lease does. */
        @SuppressWarnings("unchecked")
        public <F extends Fault> F stamp(F fault) {
            java.util.Map<String, String> annotations = new java.util.HashMap<>(fault.metadata().annotationsOrEmpty());
            annotations.put(ANNOTATION, annotation());
            return (F) fault.withMetadata(fault.metadata().withAnnotations(annotations));
        }

        /** Stops renewing without revoking, as a crash would: the lease dies after its TTL. */
        public void abandon() {
            keepAlive.close();
        }

        @Override
        public void close() {
            keepAlive.close();
            store.leases().revoke(id);
        }
    }
}
