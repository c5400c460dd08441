package dev.skiff.store.wire;

import dev.skiff.store.StoreException;
import dev.skiff.wire.WireException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where the light transport's failures become {@link StoreException}s, as EtcdErrors does for
 * jetcd's: etcd's refusals are recognised by gRPC code and by the message etcd gives them.
 */
final class WireErrors {

    private static final int OUT_OF_RANGE = 11;
    /** INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, OUT_OF_RANGE. */
    private static final Set<Integer> REFUSALS = Set.of(3, 5, 7, 8, 9, OUT_OF_RANGE);

    private final List<String> endpoints;

    WireErrors(List<String> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** A failed call: etcd's typed refusals, other refusals as IllegalArgumentException, the rest Unavailable. */
    RuntimeException map(WireException failure) {
        if (isCompaction(failure)) return new StoreException.Compacted(-1);
        if (isLeaseNotFound(failure)) return new StoreException.LeaseNotFound(failure);
        if (failure instanceof WireException.Status s && REFUSALS.contains(s.code())) {
            return new IllegalArgumentException("the store rejected the request: " + s.detail(), failure);
        }
        return unavailable(StoreException.Unavailable.reason(failure), failure);
    }

    StoreException.Unavailable timeout(Duration waited) {
        return StoreException.Unavailable.noAnswer(endpoints, waited);
    }

    StoreException.Unavailable unavailable(String what, Throwable cause) {
        return new StoreException.Unavailable(endpoints, what + " — " + StoreException.Unavailable.START_HINT, cause);
    }

    static boolean isCompaction(WireException failure) {
        return failure instanceof WireException.Status s && s.detail().contains("required revision has been compacted");
    }

    static boolean isFutureRevision(Throwable failure) {
        String m = failure.getMessage();
        return m != null && m.contains("required revision is a future revision");
    }

    static boolean isLeaseNotFound(WireException failure) {
        return failure instanceof WireException.Status s && s.detail().contains("requested lease not found");
    }

}
