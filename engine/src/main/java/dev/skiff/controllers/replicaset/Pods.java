package dev.skiff.controllers.replicaset;

import dev.skiff.api.Condition;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Pod facts the workload controllers share: owner, activity, readiness and availability. */
public final class Pods {

    private Pods() {
    }

    /** The owner reference marked {@code controller: true}, if any. */
    public static Optional<OwnerReference> controllerOf(Resource r) {
        var refs = r.metadata().ownerReferences();
        if (refs == null) return Optional.empty();
        return refs.stream().filter(OwnerReference::controls).findFirst();
    }

    /** True when {@code r} is controlled by the object with {@code uid}. */
    public static boolean controlledBy(Resource r, String uid) {
        return controllerOf(r).map(ref -> uid != null && uid.equals(ref.uid())).orElse(false);
    }

    /** Counts towards replicas: not finished and not being deleted (as Kubernetes' FilterActivePods). */
    public static boolean active(Pod pod) {
        if (pod.metadata().deletionTimestamp() != null) return false;
        PodPhase phase = pod.status() == null ? null : pod.status().phase();
        return phase != PodPhase.SUCCEEDED && phase != PodPhase.FAILED;
    }

    public static boolean ready(Pod pod) {
        return pod.status() != null && pod.status().ready();
    }

    /** Since when the pod has been Ready; empty when it is not. */
    public static Optional<Instant> readySince(Pod pod) {
        if (!ready(pod)) return Optional.empty();
        return pod.status().conditionsOrEmpty().stream()
                .filter(c -> "Ready".equals(c.type()))
                .map(Condition::lastTransitionTime)
                .filter(t -> t != null)
                .findFirst()
                .or(() -> Optional.of(Instant.EPOCH)); // Ready without a time: assume long ago
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean available(Pod pod, int minReadySeconds, Instant now) {
        return readySince(pod).map(t -> minReadySeconds <= 0 || !t.plusSeconds(minReadySeconds).isAfter(now))
                .orElse(false);
    }

    /** How long until a ready pod becomes available; empty when it never will by waiting. */
    public static Optional<Duration> untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        return readySince(pod).map(t -> Duration.between(now, t.plusSeconds(minReadySeconds)))
                .filter(d -> d.isPositive());
    }

    public static boolean scheduled(Pod pod) {
        return pod.spec() != null && pod.spec().nodeName() != null && !pod.spec().nodeName().isEmpty();
    }
}
