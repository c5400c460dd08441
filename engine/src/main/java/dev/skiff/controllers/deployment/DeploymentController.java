package dev.skiff.controllers.deployment;

import dev.skiff.api.Deployment;
import dev.skiff.api.Pod;
import dev.skiff.api.ReplicaSet;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.ControllerManager;
import dev.skiff.controller.Request;
import dev.skiff.controller.Startable;
import dev.skiff.controllers.replicaset.Pods;
import dev.skiff.engine.ControllerSetup;
import dev.skiff.engine.EngineContext;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Wires the Deployment controller into the engine. A Deployment is looked at when it changes, when
 * one of its ReplicaSets changes (or an orphan its selector matches appears), and when a pod of one
 * of its ReplicaSets changes — availability is counted from pods, which are fresher than the
 * ReplicaSets' status.
 */
public final class DeploymentController implements ControllerSetup {

    public static final String NAME = "deployment";

    @Override
    public void setup(EngineContext context, ControllerManager manager) {
        Controller controller = new Controller(NAME, new DeploymentReconciler(context), context.config().workers(),
                context.scheduler());
        Informer<Deployment> deployments = context.informers().of(Deployment.class);
        Informer<ReplicaSet> replicaSets = context.informers().of(ReplicaSet.class);
        Informer<Pod> pods = context.informers().of(Pod.class);
        deployments.addHandler(handler(d -> controller.enqueue(Request.of(d.namespace(), d.name()))));
        replicaSets.addHandler(handler(rs -> forReplicaSet(rs, deployments, controller)));
        pods.addHandler(handler(pod -> Pods.controllerOf(pod)
                .filter(ref -> ReplicaSet.KIND.equals(ref.kind()))
                .flatMap(ref -> replicaSets.get(pod.namespace(), ref.name()))
                .flatMap(DeploymentController::ownerOf)
                .ifPresent(controller::enqueue)));
        manager.add(controller);
        manager.add(new Startable() {
            @Override
            public void start() {
                deployments.list().forEach(d -> controller.enqueue(Request.of(d.namespace(), d.name())));
            }

            @Override
            public boolean hasSynced() {
                return true;
            }

            @Override
            public void stop() {
            }
        });
    }

    private static void forReplicaSet(ReplicaSet rs, Informer<Deployment> deployments, Controller controller) {
        Optional<Request> owner = ownerOf(rs);
        if (owner.isPresent()) {
            controller.enqueue(owner.get());
            return;
        }
        if (Pods.controllerOf(rs).isPresent()) return;
        for (Deployment d : deployments.list(rs.namespace())) {
            if (d.spec() != null && d.spec().selector() != null && !d.spec().selector().isEmpty()
                    && d.spec().selector().matches(rs.metadata().labelsOrEmpty())) {
                controller.enqueue(Request.of(d.namespace(), d.name()));
            }
        }
    }

    private static Optional<Request> ownerOf(ReplicaSet rs) {
        return Pods.controllerOf(rs).filter(ref -> Deployment.KIND.equals(ref.kind()))
                .map(ref -> Request.of(rs.namespace(), ref.name()));
    }

    private static <T extends dev.skiff.api.Resource> ResourceHandler<T> handler(Consumer<T> onChange) {
        return new ResourceHandler<>() {
            @Override
            public void onAdd(T object) {
                onChange.accept(object);
            }

            @Override
            public void onUpdate(T previous, T object) {
                onChange.accept(object);
            }

            @Override
            public void onDelete(T object) {
                onChange.accept(object);
            }
        };
    }
}
