package dev.skiff.chaos;

import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The workload a pod belongs to for the blast radius: the Deployment that owns its ReplicaSet,
 * else its controlling ReplicaSet (or other controller), spelled {@code deployment/ns/name}.
 */
public final class Workloads {

    private Workloads() {
    }

    public static Optional<String> of(Pod pod, BiFunction<String, String, Optional<ReplicaSet>> replicaSets) {
        Optional<OwnerReference> owner = controller(pod.metadata().ownerReferences());
        if (owner.isEmpty()) return Optional.empty();
        OwnerReference ref = owner.get();
        if (ReplicaSet.KIND.equals(ref.kind())) {
            Optional<OwnerReference> deployment = replicaSets.apply(pod.namespace(), ref.name())
                    .flatMap(rs -> controller(rs.metadata().ownerReferences()));
            if (deployment.isPresent()) return Optional.of(spell(deployment.get(), pod.namespace()));
        }
        return Optional.of(spell(ref, pod.namespace()));
    }

    private static Optional<OwnerReference> controller(java.util.List<OwnerReference> refs) {
        return refs == null ? Optional.empty() : refs.stream().filter(OwnerReference::controls).findFirst();
    }

    private static String spell(OwnerReference ref, String namespace) {
        return ref.kind().toLowerCase(java.util.Locale.ROOT) + "/" + namespace + "/" + ref.name();
    }
}
