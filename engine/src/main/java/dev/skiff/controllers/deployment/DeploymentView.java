package dev.skiff.controllers.deployment;

import dev.skiff.api.Deployment;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.controllers.replicaset.Pods;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One reconcile's snapshot of a Deployment: its ReplicaSets (the one for the current template, if
 * any, and the old ones oldest first) and their pods, with the counts the rollout decides on.
 */
record DeploymentView(Deployment deployment, ReplicaSet newSet, List<ReplicaSet> oldSets,
                      Map<String, List<Pod>> podsByOwnerUid, Instant now) {

    int replicas() {
        Integer r = deployment.spec().replicas();
        return r == null ? 1 : r;
    }

    int minReadySeconds() {
        Integer m = deployment.spec().minReadySeconds();
        return m == null ? 0 : m;
    }

    List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>(oldSets);
        if (newSet != null) all.add(newSet);
        return all;
    }

    /** Every pod of {@code rs}, including terminating ones. */
    List<Pod> podsOf(ReplicaSet rs) {
        return rs == null ? List.of() : podsByOwnerUid.getOrDefault(rs.metadata().uid(), List.of());
    }

    Stream<Pod> activePodsOf(ReplicaSet rs) {
        return podsOf(rs).stream().filter(Pods::active);
    }

    static int spec(ReplicaSet rs) {
        Integer r = rs.spec().replicas();
        return r == null ? 1 : r;
    }

    RolloutMath.Set setOf(ReplicaSet rs) {
        if (rs == null) return new RolloutMath.Set(0, 0, 0);
        List<Pod> active = activePodsOf(rs).toList();
        int available = (int) active.stream().filter(p -> Pods.available(p, minReadySeconds(), now)).count();
        return new RolloutMath.Set(spec(rs), active.size(), available);
    }

    List<RolloutMath.Set> oldSetViews() {
        return oldSets.stream().map(this::setOf).toList();
    }

    /** Old pods still around in any state but finished: Recreate waits for all of them. */
    boolean oldPodsExist() {
        return oldSets.stream().flatMap(rs -> podsOf(rs).stream()).anyMatch(p -> p.status() == null
                || p.status().phase() == null
                || p.status().phase() != dev.skiff.api.PodPhase.SUCCEEDED && p.status().phase() != dev.skiff.api.PodPhase.FAILED);
    }

    /** Every replica updated and available, and no old pod left. */
    boolean complete() {
        if (newSet == null || spec(newSet) != replicas()) return false;
        RolloutMath.Set n = setOf(newSet);
        if (n.pods() != replicas() || n.available() != replicas()) return false;
        return oldSets.stream().allMatch(rs -> spec(rs) == 0 && activePodsOf(rs).findAny().isEmpty());
    }

    RolloutStatus.Counts counts() {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        for (ReplicaSet rs : all()) {
            for (Pod p : activePodsOf(rs).toList()) {
                replicas++;
                if (Pods.ready(p)) ready++;
                if (Pods.available(p, minReadySeconds(), now)) available++;
            }
        }
        int updated = (int) activePodsOf(newSet).count();
        return new RolloutStatus.Counts(replicas, updated, ready, available);
    }
}
