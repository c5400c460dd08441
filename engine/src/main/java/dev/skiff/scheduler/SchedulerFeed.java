package dev.skiff.scheduler;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.client.Informer;
import dev.skiff.client.ResourceHandler;
import dev.skiff.controller.Controller;
import dev.skiff.controller.Request;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Turns informer changes into cache updates and queue entries: new or changed unbound pods are
 * queued; nodes arriving or changing, and pods leaving a node, re-queue the parked pods (the
 * event-driven retry of unschedulable pods).
 */
final class SchedulerFeed {

    private final SchedulerCache cache;
    private final Controller controller;
    private final Predicate<Pod> needsScheduling;

    SchedulerFeed(SchedulerCache cache, Controller controller, Predicate<Pod> needsScheduling) {
        this.cache = cache;
        this.controller = controller;
        this.needsScheduling = needsScheduling;
    }

    void attach(Informer<Pod> pods, Informer<Node> nodes) {
        pods.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                cache.observePod(pod);
                if (needsScheduling.test(pod)) controller.enqueue(requestOf(pod));
            }

            @Override
            public void onUpdate(Pod previous, Pod pod) {
                cache.observePod(pod);
                boolean wants = needsScheduling.test(pod);
                // our own status writes change nothing scheduling looks at: no requeue for them
                if (wants && (!needsScheduling.test(previous) || !Objects.equals(previous.spec(), pod.spec()))) {
                    controller.enqueue(requestOf(pod));
                }
                if (ClusterSnapshot.occupiesNode(previous) && !ClusterSnapshot.occupiesNode(pod)) retryParked();
            }

            @Override
            public void onDelete(Pod pod) {
                cache.podDeleted(pod.namespace() + "/" + pod.name());
                if (ClusterSnapshot.occupiesNode(pod)) retryParked();
            }
        });
        nodes.addHandler(new ResourceHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.setNode(node);
                retryParked();
            }

            @Override
            public void onUpdate(Node previous, Node node) {
                cache.setNode(node);
                retryParked();
            }

            @Override
            public void onDelete(Node node) {
                cache.removeNode(node.name());
            }
        });
    }

    private void retryParked() {
        cache.drainParked().forEach(k -> controller.enqueue(request(k)));
    }

    static Request request(String key) {
        int slash = key.indexOf('/');
        return Request.of(key.substring(0, slash), key.substring(slash + 1));
    }

    private static Request requestOf(Pod pod) {
        return Request.of(pod.namespace(), pod.name());
    }
}
