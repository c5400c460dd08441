package dev.skiff.controllers.replicaset;

import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Request;
import dev.skiff.controller.Startable;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Wires the ReplicaSet controller into the engine: ReplicaSet changes enqueue the ReplicaSet, pod
 * changes enqueue the pod's controlling ReplicaSet (or, for an orphan, every ReplicaSet whose
 * selector matches it, so it can be adopted) and settle that ReplicaSet's {@link Expectations}.
 */
public final class ReplicaSetController implements ControllerSetup {

    public static final String NAME = "replicaset";

    @Override
    public void setup(EngineContext context, ControllerManager manager) {
        Expectations expectations = new Expectations(context.clock(), Expectations.DEFAULT_TTL);
        Controller controller = new Controller(NAME, new ReplicaSetReconciler(context, expectations),
                context.config().workers(), context.scheduler());
        Informer<ReplicaSet> replicaSets = context.informers().of(ReplicaSet.class);
        Informer<Pod> pods = context.informers().of(Pod.class);
        replicaSets.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                controller.enqueue(keyOf(rs));
            }

            @Override
            public void onUpdate(ReplicaSet previous, ReplicaSet rs) {
                controller.enqueue(keyOf(rs));
            }

            @Override
            public void onDelete(ReplicaSet rs) {
                expectations.forget(keyOf(rs).toString());
                controller.enqueue(keyOf(rs));
            }
        });
        pods.addHandler(new PodHandler(controller, replicaSets, expectations));
        manager.add(controller);
        manager.add(replay(controller, replicaSets, expectations));
    }

    /** On each new term: forget the last term's expectations and look at every ReplicaSet once. */
    private static Startable replay(Controller controller, Informer<ReplicaSet> replicaSets, Expectations expectations) {
        return new Startable() {
            @Override
            public void start() {
                expectations.clear();
                replicaSets.list().forEach(rs -> controller.enqueue(keyOf(rs)));
            }

            @Override
            public boolean hasSynced() {
                return true;
            }

            @Override
            public void stop() {
                expectations.clear();
            }
        };
    }

    static Request keyOf(ReplicaSet rs) {
        return Request.of(rs.namespace(), rs.name());
    }

    /** The ReplicaSet a pod points to as its controller. */
    static Optional<Request> ownerOf(Pod pod) {
        return Pods.controllerOf(pod).filter(ref -> ReplicaSet.KIND.equals(ref.kind()))
                .map(ref -> Request.of(pod.namespace(), ref.name()));
    }

    private record PodHandler(Controller controller, Informer<ReplicaSet> replicaSets, Expectations expectations)
            implements ResourceHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            Optional<Request> owner = ownerOf(pod);
            if (owner.isPresent()) {
                if (pod.metadata().deletionTimestamp() != null) {
                    expectations.deletionObserved(owner.get().toString(), pod.name());
                } else {
                    expectations.creationObserved(owner.get().toString());
                }
                controller.enqueue(owner.get());
            } else {
                enqueueMatching(pod);
            }
        }

        @Override
        public void onUpdate(Pod previous, Pod pod) {
            Optional<Request> owner = ownerOf(pod);
            Optional<Request> before = ownerOf(previous);
            if (pod.metadata().deletionTimestamp() != null && previous.metadata().deletionTimestamp() == null) {
                owner.ifPresent(o -> expectations.deletionObserved(o.toString(), pod.name()));
            }
            if (before.isPresent() && !before.equals(owner)) controller.enqueue(before.get());
            if (owner.isPresent()) {
                controller.enqueue(owner.get());
            } else if (!Objects.equals(previous.metadata().labels(), pod.metadata().labels()) || before.isPresent()) {
                enqueueMatching(pod);
            }
        }

        @Override
        public void onDelete(Pod pod) {
            Optional<Request> owner = ownerOf(pod);
            if (owner.isPresent()) {
                expectations.deletionObserved(owner.get().toString(), pod.name());
                controller.enqueue(owner.get());
            }
        }

        private void enqueueMatching(Pod pod) {
            if (pod.metadata().deletionTimestamp() != null) return;
            for (ReplicaSet rs : replicaSets.list(pod.namespace())) {
                if (rs.spec() != null && rs.spec().selector() != null && !rs.spec().selector().isEmpty()
                        && rs.spec().selector().matches(pod.metadata().labelsOrEmpty())) {
                    controller.enqueue(keyOf(rs));
                }
            }
        }
    }

}
