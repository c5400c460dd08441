package dev.skiff.controllers.deployment;

import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentStatus;
import dev.skiff.api.DeploymentStrategyType;
import dev.skiff.api.OwnerReference;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.client.ApiException;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import dev.skiff.controller.Reconciler;
import dev.skiff.controller.Request;
import dev.skiff.controller.Result;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.engine.EngineContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drives a Deployment: one ReplicaSet per template, rolled by RollingUpdate or Recreate, scaled
 * (proportionally mid-rollout), paused, cleaned up to revisionHistoryLimit, with status and
 * conditions. Each reconcile takes at most one step and then waits for the caches to show it, so
 * every decision is made on a view that includes the previous one.
 */
final class DeploymentReconciler implements Reconciler {

    private final EngineContext context;
    private final Informer<Deployment> deployments;
    private final Informer<ReplicaSet> replicaSets;
    private final Informer<Pod> pods;

    DeploymentReconciler(EngineContext context) {
        this.context = context;
        this.deployments = context.informers().of(Deployment.class);
        this.replicaSets = context.informers().of(ReplicaSet.class);
        this.pods = context.informers().of(Pod.class);
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Deployment> found = deployments.get(request.namespace(), request.name());
        if (found.isEmpty() || found.get().metadata().deletionTimestamp() != null) return Result.done();
        Deployment d = found.get();
        Client client = context.client();
        ReplicaSetWriter writer = new ReplicaSetWriter(client, context.events());
        DeploymentView view = view(d, claim(client, d));
        boolean wrote = step(writer, view);
        if (view.newSet() != null) writer.recordRevision(d, Revisions.of(view.newSet()));
        return writeStatus(client, view, wrote);
    }

    private boolean step(ReplicaSetWriter writer, DeploymentView view) {
        Deployment d = view.deployment();
        if (d.spec().pausedOrFalse()) {
            boolean wrote = scale(writer, view);
            if (!wrote) cleanUp(writer, view);
            return wrote;
        }
        if (isScalingEvent(view)) return scale(writer, view);
        DeploymentStrategyType type = d.spec().strategy() == null ? null : d.spec().strategy().type();
        boolean wrote = type == DeploymentStrategyType.RECREATE ? recreate(writer, view) : rollingUpdate(writer, view);
        if (!wrote && view.complete()) cleanUp(writer, view);
        return wrote;
    }

    // ---- rolling update

    private boolean rollingUpdate(ReplicaSetWriter writer, DeploymentView view) {
        RolloutMath.Bounds bounds = RolloutMath.bounds(view.deployment().spec());
        int replicas = view.replicas();
        int max = replicas + bounds.maxSurge();
        if (view.newSet() == null) {
            int size = RolloutMath.newReplicaSetSize(replicas, bounds, view.setOf(null), view.oldSetViews());
            writer.create(view.deployment(), Revisions.max(view.oldSets()) + 1, size, max);
            return true;
        }
        int newSize = RolloutMath.newReplicaSetSize(replicas, bounds, view.setOf(view.newSet()), view.oldSetViews());
        if (writer.scale(view.deployment(), view.newSet(), newSize, max, newRevision(view))) return true;
        List<Integer> oldSizes = RolloutMath.oldReplicaSetSizes(replicas, bounds, view.setOf(view.newSet()),
                view.oldSetViews());
        boolean wrote = false;
        for (int i = 0; i < view.oldSets().size(); i++) {
            ReplicaSet old = view.oldSets().get(i);
            if (oldSizes.get(i) != DeploymentView.spec(old)) {
                wrote |= writer.scale(view.deployment(), old, oldSizes.get(i), max, null);
            }
        }
        return wrote;
    }

    /** A ReplicaSet brought back by a rollback takes the next revision number. */
    private static Long newRevision(DeploymentView view) {
        long maxOld = Revisions.max(view.oldSets());
        return Revisions.of(view.newSet()) > maxOld ? null : maxOld + 1;
    }

    // ---- recreate

    private boolean recreate(ReplicaSetWriter writer, DeploymentView view) {
        int replicas = view.replicas();
        boolean wrote = false;
        for (ReplicaSet old : view.oldSets()) {
            if (DeploymentView.spec(old) > 0) wrote |= writer.scale(view.deployment(), old, 0, replicas, null);
        }
        if (wrote || view.oldPodsExist()) return wrote;
        if (view.newSet() == null) {
            writer.create(view.deployment(), Revisions.max(view.oldSets()) + 1, replicas, replicas);
            return true;
        }
        return writer.scale(view.deployment(), view.newSet(), replicas, replicas, newRevision(view));
    }

    // ---- scaling (also the only thing a paused Deployment does)

    /** The replica count changed since the ReplicaSets were last sized (Kubernetes' isScalingEvent). */
    private static boolean isScalingEvent(DeploymentView view) {
        String want = Integer.toString(view.replicas());
        return view.all().stream().filter(rs -> DeploymentView.spec(rs) > 0).anyMatch(rs -> {
            String desired = rs.metadata().annotationsOrEmpty().get(Revisions.DESIRED_REPLICAS);
            return desired != null && !desired.equals(want);
        });
    }

    private boolean scale(ReplicaSetWriter writer, DeploymentView view) {
        Deployment d = view.deployment();
        int replicas = view.replicas();
        RolloutMath.Bounds bounds = RolloutMath.bounds(d.spec());
        int max = replicas + bounds.maxSurge();
        List<ReplicaSet> active = view.all().stream().filter(rs -> DeploymentView.spec(rs) > 0)
                .sorted(Comparator.comparing(DeploymentView::spec).reversed()
                        .thenComparing(Revisions.OLDEST_FIRST.reversed()))
                .toList();
        if (active.size() <= 1) {
            ReplicaSet target = !active.isEmpty() ? active.getFirst()
                    : view.newSet() != null ? view.newSet()
                    : view.oldSets().isEmpty() ? null : view.oldSets().getLast();
            return target != null && writer.scale(d, target, replicas, max, null);
        }
        if (view.newSet() != null && saturated(view)) {
            boolean wrote = false;
            for (ReplicaSet old : view.oldSets()) {
                if (DeploymentView.spec(old) > 0) wrote |= writer.scale(d, old, 0, max, null);
            }
            return wrote;
        }
        int allowed = isRolling(d) ? max : replicas;
        int current = active.stream().mapToInt(DeploymentView::spec).sum();
        List<Integer> sizes = RolloutMath.proportional(active.stream().map(DeploymentView::spec).toList(),
                allowed - current);
        boolean wrote = false;
        for (int i = 0; i < active.size(); i++) wrote |= writer.scale(d, active.get(i), sizes.get(i), max, null);
        return wrote;
    }

    private static boolean saturated(DeploymentView view) {
        RolloutMath.Set n = view.setOf(view.newSet());
        return n.spec() == view.replicas() && n.available() == view.replicas();
    }

    private static boolean isRolling(Deployment d) {
        return d.spec().strategy() == null || d.spec().strategy().type() != DeploymentStrategyType.RECREATE;
    }

    // ---- history

    /** Deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
    private void cleanUp(ReplicaSetWriter writer, DeploymentView view) {
        Integer limit = view.deployment().spec().revisionHistoryLimit();
        if (limit == null) return;
        List<ReplicaSet> empty = view.oldSets().stream()
                .filter(rs -> DeploymentView.spec(rs) == 0 && view.podsOf(rs).isEmpty()
                        && rs.metadata().deletionTimestamp() == null)
                .sorted(Revisions.OLDEST_FIRST).toList();
        for (int i = 0; i < empty.size() - limit; i++) writer.delete(empty.get(i));
    }

    // ---- status

    private Result writeStatus(Client client, DeploymentView view, boolean wrote) {
        Deployment d = view.deployment();
        Instant now = view.now().truncatedTo(ChronoUnit.SECONDS);
        DeploymentStatus status = RolloutStatus.next(d, view.counts(),
                view.newSet() == null ? null : view.newSet().name(), view.complete(), wrote, now);
        if (!status.equals(d.status())) {
            try {
                client.modifyStatus(Deployment.class, d.namespace(), d.name(), cur -> cur.withStatus(
                        new DeploymentStatus(status.observedGeneration(), status.replicas(), status.updatedReplicas(),
                                status.readyReplicas(), status.availableReplicas(), status.unavailableReplicas(),
                                status.conditions(), cur.status() == null ? null : cur.status().collisionCount())));
            } catch (ApiException.NotFound gone) {
                return Result.done();
            }
        }
        return RolloutStatus.untilDeadline(d, status, now)
                .<Result>map(left -> Result.requeueAfter(left.plusSeconds(1)))
                .orElse(Result.done());
    }

    // ---- ownership and the view

    /** ReplicaSets this Deployment controls, adopting orphans its selector matches. */
    private List<ReplicaSet> claim(Client client, Deployment d) {
        List<ReplicaSet> owned = new ArrayList<>();
        String uid = d.metadata().uid();
        for (ReplicaSet rs : replicaSets.list(d.namespace())) {
            if (Pods.controlledBy(rs, uid)) {
                owned.add(rs);
            } else if (Pods.controllerOf(rs).isEmpty() && rs.metadata().deletionTimestamp() == null
                    && d.spec().selector().matches(rs.metadata().labelsOrEmpty())) {
                adopt(client, d, rs).ifPresent(owned::add);
            }
        }
        return owned;
    }

    private static Optional<ReplicaSet> adopt(Client client, Deployment d, ReplicaSet orphan) {
        try {
            ReplicaSet r = client.modify(ReplicaSet.class, orphan.namespace(), orphan.name(), rs -> {
                if (Pods.controllerOf(rs).isPresent()) return rs;
                List<OwnerReference> refs = new ArrayList<>(rs.metadata().ownerReferences() == null
                        ? List.of() : rs.metadata().ownerReferences());
                refs.add(OwnerReference.controllerOf(d));
                return rs.withMetadata(rs.metadata().withOwnerReferences(refs));
            });
            return Pods.controlledBy(r, d.metadata().uid()) ? Optional.of(r) : Optional.empty();
        } catch (ApiException.NotFound gone) {
            return Optional.empty();
        }
    }

    private DeploymentView view(Deployment d, List<ReplicaSet> owned) {
        ReplicaSet newSet = owned.stream()
                .filter(rs -> rs.spec().template() != null
                        && TemplateHash.sameTemplate(rs.spec().template(), d.spec().template()))
                .min(Revisions.OLDEST_FIRST).orElse(null);
        List<ReplicaSet> old = owned.stream().filter(rs -> rs != newSet).sorted(Revisions.OLDEST_FIRST).toList();
        Set<String> uids = new HashSet<>();
        owned.forEach(rs -> uids.add(rs.metadata().uid()));
        Map<String, List<Pod>> byOwner = new HashMap<>();
        for (Pod p : pods.list(d.namespace())) {
            Pods.controllerOf(p).map(OwnerReference::uid).filter(uids::contains)
                    .ifPresent(uid -> byOwner.computeIfAbsent(uid, k -> new ArrayList<>()).add(p));
        }
        return new DeploymentView(d, newSet, old, byOwner, context.clock().instant());
    }

}
