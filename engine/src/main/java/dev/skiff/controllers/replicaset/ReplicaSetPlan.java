package dev.skiff.controllers.replicaset;

import dev.skiff.api.Condition;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.ReplicaSetStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The ReplicaSet controller's decisions as pure functions over a snapshot of pods, so they can be
 * tested exhaustively without a store: which pods it owns, adopts and releases, how many to
 * create, which to delete, and the status to report.
 */
public final class ReplicaSetPlan {

    /** Kubernetes' burstReplicas: at most this many creates or deletes per reconcile. */
    public static final int BURST = 500;

    private ReplicaSetPlan() {
    }

    /** Pods this ReplicaSet controls, orphans it should adopt, and pods it should let go. */
    public record Claim(List<Pod> owned, List<Pod> adopt, List<Pod> release) {
    }

    public static Claim claim(ReplicaSet rs, List<Pod> podsInNamespace) {
        LabelSelector selector = rs.spec().selector();
        String uid = rs.metadata().uid();
        List<Pod> owned = new ArrayList<>();
        List<Pod> adopt = new ArrayList<>();
        List<Pod> release = new ArrayList<>();
        for (Pod pod : podsInNamespace) {
            boolean matches = selector != null && !selector.isEmpty()
                    && selector.matches(pod.metadata().labelsOrEmpty());
            if (Pods.controlledBy(pod, uid)) {
                (matches ? owned : release).add(pod);
            } else if (matches && Pods.controllerOf(pod).isEmpty() && pod.metadata().deletionTimestamp() == null
                    && rs.metadata().deletionTimestamp() == null) {
                adopt.add(pod);
            }
        }
        return new Claim(owned, adopt, release);
    }

    /** What to do about the replica count: create {@code create} pods or delete {@code delete}. */
    public record Change(int create, List<Pod> delete) {
        public boolean none() {
            return create == 0 && delete.isEmpty();
        }
    }

    public static Change change(int replicas, List<Pod> active) {
        int diff = active.size() - replicas;
        if (diff < 0) return new Change(Math.min(-diff, BURST), List.of());
        if (diff > 0) return new Change(0, victims(active, Math.min(diff, BURST)));
        return new Change(0, List.of());
    }

    /**
     * The {@code n} pods to remove: unscheduled before scheduled, pending before running, not ready
     * before ready, ready for less time before ready for longer, then the newest first — so a
     * scale-down costs as little serving capacity as possible.
     */
    public static List<Pod> victims(List<Pod> active, int n) {
        return active.stream().sorted(DELETION_ORDER).limit(n).toList();
    }

    static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparing((Pod p) -> Pods.scheduled(p))
            .thenComparing(p -> phaseRank(p))
            .thenComparing(p -> Pods.ready(p))
            .thenComparing((Pod p) -> Pods.readySince(p).orElse(Instant.MAX), Comparator.reverseOrder())
            .thenComparing((Pod p) -> created(p), Comparator.reverseOrder())
            .thenComparing((Pod p) -> p.metadata().name());

    private static int phaseRank(Pod p) {
        PodPhase phase = p.status() == null ? null : p.status().phase();
        if (phase == null || phase == PodPhase.PENDING) return 0;
        if (phase == PodPhase.RUNNING) return 2;
        return 1;
    }

    private static Instant created(Pod p) {
        Instant t = p.metadata().creationTimestamp();
        return t == null ? Instant.EPOCH : t;
    }

    /** Batch sizes 1, 2, 4, … adding up to {@code n}: a failing create (quota, bad template) fails cheaply. */
    public static List<Integer> slowStartBatches(int n) {
        List<Integer> batches = new ArrayList<>();
        int size = 1;
        for (int left = n; left > 0; left -= batches.getLast()) {
            batches.add(Math.min(size, left));
            size *= 2;
        }
        return batches;
    }

    /** The status a ReplicaSet reports for its active pods; {@code failure} becomes ReplicaFailure. */
    public static ReplicaSetStatus status(ReplicaSet rs, List<Pod> active, Instant now, Condition failure) {
        int minReady = rs.spec().minReadySeconds() == null ? 0 : rs.spec().minReadySeconds();
        Map<String, String> templateLabels = rs.spec().template() == null || rs.spec().template().metadata() == null
                ? Map.of() : rs.spec().template().metadata().labelsOrEmpty();
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod pod : active) {
            if (pod.metadata().labelsOrEmpty().entrySet().containsAll(templateLabels.entrySet())) fullyLabeled++;
            if (Pods.ready(pod)) ready++;
            if (Pods.available(pod, minReady, now)) available++;
        }
        List<Condition> conditions = failure == null ? null : List.of(failure);
        return new ReplicaSetStatus(active.size(), fullyLabeled, ready, available, rs.metadata().generation(),
                conditions);
    }
}
