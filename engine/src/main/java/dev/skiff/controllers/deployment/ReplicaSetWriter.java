package dev.skiff.controllers.deployment;

import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentStatus;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.PodTemplateSpec;
import dev.skiff.api.ReplicaSet;
import dev.skiff.api.ReplicaSetSpec;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.EventRecorder;
import dev.skiff.controllers.replicaset.Pods;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The Deployment controller's writes to ReplicaSets, each with the event kubectl users know. */
final class ReplicaSetWriter {

    static final String SCALING = "ScalingReplicaSet";

    private final Client client;
    private final EventRecorder events;

    ReplicaSetWriter(Client client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /**
     * Creates the ReplicaSet for {@code d}'s current template, {@code <deployment>-<hash>}. Returns
     * false when a ReplicaSet of that name but another template exists (a hash collision): the
     * Deployment's collisionCount is bumped so the next attempt hashes differently.
     */
    boolean create(Deployment d, long revision, int size, int maxReplicas) {
        int collisions = d.status() == null || d.status().collisionCount() == null ? 0 : d.status().collisionCount();
        String hash = TemplateHash.of(d.spec().template(), collisions);
        PodTemplateSpec template = TemplateHash.withHash(d.spec().template(), hash);
        LabelSelector selector = d.spec().selector();
        Map<String, String> matchLabels = new LinkedHashMap<>(selector.matchLabels());
        matchLabels.put(TemplateHash.LABEL, hash);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Revisions.REVISION, Long.toString(revision));
        annotations.put(Revisions.DESIRED_REPLICAS, Integer.toString(replicasOf(d)));
        annotations.put(Revisions.MAX_REPLICAS, Integer.toString(maxReplicas));
        ObjectMeta meta = ObjectMeta.named(d.namespace(), d.name() + "-" + hash)
                .withLabels(template.metadata().labels())
                .withAnnotations(annotations)
                .withOwnerReferences(List.of(OwnerReference.controllerOf(d)));
        ReplicaSet rs = ReplicaSet.of(meta, new ReplicaSetSpec(size, d.spec().minReadySeconds(),
                new LabelSelector(matchLabels, selector.matchExpressions()), template));
        try {
            ReplicaSet created = client.create(rs);
            events.normal(d, SCALING, "Scaled up replica set " + created.name() + " to " + size);
            return true;
        } catch (ApiException.AlreadyExists e) {
            ReplicaSet existing = client.get(ReplicaSet.class, d.namespace(), rs.name()).orElseThrow(() -> e);
            if (Pods.controlledBy(existing, d.metadata().uid())
                    && TemplateHash.sameTemplate(existing.spec().template(), d.spec().template())) {
                return true; // ours, made by an earlier reconcile our cache has not seen yet
            }
            client.modifyStatus(Deployment.class, d.namespace(), d.name(), cur -> cur.withStatus(withCollision(cur)));
            return false;
        }
    }

    /**
     * Sets {@code rs}'s size and the Deployment's replica annotations (and its revision, when
     * given); true when something was written. Guarded by the cached resourceVersion: a decision
     * made on a stale ReplicaSet fails with a conflict and is made again.
     */
    boolean scale(Deployment d, ReplicaSet rs, int size, int maxReplicas, Long revision) {
        Map<String, String> annotations = new LinkedHashMap<>(rs.metadata().annotationsOrEmpty());
        annotations.put(Revisions.DESIRED_REPLICAS, Integer.toString(replicasOf(d)));
        annotations.put(Revisions.MAX_REPLICAS, Integer.toString(maxReplicas));
        if (revision != null) annotations.put(Revisions.REVISION, Long.toString(revision));
        int before = DeploymentView.spec(rs);
        if (before == size && annotations.equals(rs.metadata().annotationsOrEmpty())) return false;
        ReplicaSetSpec s = rs.spec();
        client.update(rs.withMetadata(rs.metadata().withAnnotations(annotations))
                .withSpec(new ReplicaSetSpec(size, d.spec().minReadySeconds(), s.selector(), s.template())));
        if (before != size) {
            events.normal(d, SCALING, "Scaled " + (size > before ? "up" : "down") + " replica set " + rs.name()
                    + " to " + size);
        }
        return true;
    }

    /** Deletes an old, empty ReplicaSet beyond the history limit. */
    void delete(ReplicaSet rs) {
        try {
            client.delete(ReplicaSet.class, rs.namespace(), rs.name());
        } catch (ApiException.NotFound gone) {
            // already cleaned up
        }
    }

    /** Records the new ReplicaSet's revision on the Deployment (what {@code rollout history} lists). */
    void recordRevision(Deployment d, long revision) {
        String value = Long.toString(revision);
        if (Objects.equals(d.metadata().annotationsOrEmpty().get(Revisions.REVISION), value)) return;
        // re-read: our own status write may have moved the Deployment past the cached version
        client.modify(Deployment.class, d.namespace(), d.name(), cur -> {
            Map<String, String> annotations = new LinkedHashMap<>(cur.metadata().annotationsOrEmpty());
            annotations.put(Revisions.REVISION, value);
            return cur.withMetadata(cur.metadata().withAnnotations(annotations));
        });
    }

    private static DeploymentStatus withCollision(Deployment d) {
        DeploymentStatus s = d.status();
        int next = (s == null || s.collisionCount() == null ? 0 : s.collisionCount()) + 1;
        if (s == null) return new DeploymentStatus(null, null, null, null, null, null, null, next);
        return new DeploymentStatus(s.observedGeneration(), s.replicas(), s.updatedReplicas(), s.readyReplicas(),
                s.availableReplicas(), s.unavailableReplicas(), s.conditions(), next);
    }

    static int replicasOf(Deployment d) {
        return d.spec().replicas() == null ? 1 : d.spec().replicas();
    }
}
