package dev.skiff.scheduler;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduler's live view, fed by the Node and Pod informers, from which each decision takes an
 * immutable {@link ClusterSnapshot}. It also holds "assumed" pods: a pod is charged to its node
 * the moment it is chosen, before the bind is written and long before the informer shows it
 * bound, so concurrent binds never place two pods in the same free space. A bind that fails
 * forgets its assumption; the informer's view of the bound pod replaces it.
 *
 * <p>Decisions are taken one at a time under this object's lock ({@link #decide}); only the
 * binds (the slow, remote part) run concurrently.
 */
final class SchedulerCache {

    private record Entry(String node, PodInfo pod, boolean assumed) {}

    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, Entry> pods = new HashMap<>();
    /** Pods no node could take: retried when a node or a placed pod changes, never polled. */
    private final Set<String> parked = new HashSet<>();

    synchronized void setNode(Node node) {
        NodeInfo known = nodes.get(node.name());
        if (known != null) {
            nodes.put(node.name(), known.withNode(node));
            return;
        }
        NodeInfo info = NodeInfo.empty(node);
        for (Entry e : pods.values()) if (e.node.equals(node.name())) info = info.withPod(e.pod);
        nodes.put(node.name(), info);
    }

    synchronized void removeNode(String name) {
        nodes.remove(name);
    }

    /** An informer's view of a pod: charged to its node while it occupies one. */
    synchronized void observePod(Pod pod) {
        String key = pod.namespace() + "/" + pod.name();
        Entry old = pods.get(key);
        if (!ClusterSnapshot.occupiesNode(pod)) {
            // an older, unbound version must not cancel a bind that is in flight
            if (old != null && !old.assumed) release(key);
            return;
        }
        if (old != null) release(key);
        charge(key, new Entry(pod.spec().nodeName(), PodInfo.of(pod), false));
    }

    synchronized void podDeleted(String key) {
        if (pods.containsKey(key)) release(key);
        parked.remove(key);
    }

    synchronized boolean isAssumed(String key) {
        Entry e = pods.get(key);
        return e != null && e.assumed;
    }

    /** Drops an assumption whose bind failed (a confirmed placement is kept). */
    synchronized void forget(String key) {
        if (isAssumed(key)) release(key);
    }

    /**
     * One decision on a consistent snapshot: a placed pod is assumed on its node at once; an
     * unschedulable one is parked until something changes.
     */
    synchronized Placement decide(PodInfo pod, Scheduler scheduler) {
        Placement placement = scheduler.schedule(pod, snapshot());
        switch (placement) {
            case Placement.Placed placed -> {
                parked.remove(pod.key());
                charge(pod.key(), new Entry(placed.node(), pod, true));
            }
            case Placement.Unschedulable u -> parked.add(pod.key());
        }
        return placement;
    }

    synchronized void unpark(String key) {
        parked.remove(key);
    }

    /** Takes every parked pod, to be queued again because the cluster changed. */
    synchronized List<String> drainParked() {
        List<String> out = List.copyOf(parked);
        parked.clear();
        return out;
    }

    synchronized ClusterSnapshot snapshot() {
        return new ClusterSnapshot(List.copyOf(nodes.values()));
    }

    private void charge(String key, Entry e) {
        if (pods.containsKey(key)) release(key);
        pods.put(key, e);
        nodes.computeIfPresent(e.node, (k, info) -> info.withPod(e.pod));
    }

    private void release(String key) {
        Entry e = pods.remove(key);
        if (e != null) nodes.computeIfPresent(e.node, (k, info) -> info.withoutPod(e.pod));
    }
}
