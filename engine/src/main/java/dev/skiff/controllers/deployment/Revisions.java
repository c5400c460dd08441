package dev.skiff.controllers.deployment;

import dev.skiff.api.ReplicaSet;
import dev.skiff.api.Resource;
import java.util.Collection;
import java.util.Comparator;

/** The annotations a Deployment keeps on itself and its ReplicaSets, as Kubernetes names them. */
public final class Revisions {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    private Revisions() {
    }

    /** The revision annotation as a number, 0 when absent or unreadable. */
    public static long of(Resource r) {
        String v = r.metadata().annotationsOrEmpty().get(REVISION);
        if (v == null) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static long max(Collection<ReplicaSet> sets) {
        return sets.stream().mapToLong(Revisions::of).max().orElse(0);
    }

    /** Oldest first: by revision, then creation time, then name. */
    public static final Comparator<ReplicaSet> OLDEST_FIRST = Comparator
            .comparingLong((ReplicaSet rs) -> of(rs))
            .thenComparing((ReplicaSet rs) -> rs.metadata().creationTimestamp(),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing((ReplicaSet rs) -> rs.metadata().name());
}
