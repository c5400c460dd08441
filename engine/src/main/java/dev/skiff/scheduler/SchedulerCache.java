package dev.skiff.scheduler;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler's live view, fed by the Node and Pod informers, from which each decision takes an
 * immutable {@link ClusterSnapshot}. It also holds "assumed" pods: a pod is charged to its node
 * the moment it is chosen, before the bind is written and long before the informer shows it
 * bound, so concurrent binds never place two pods in the same free space. A bind that fails
 * forgets its assumption; the informer's view of the bound pod replaces it.
 *
 * <p>Decisions are taken one at a time under this object's lock ({@link #decide}); only the
 * binds (the slow, remote part) run concurrently. The lock is held for the decision alone: nodes
 * are kept in name order and the snapshot is reused until something changes (re-sorting every
 * node per decision was most of the time spent holding it), and whether a pod is assumed is
 * answered without it, since every worker asks that before every decision.
 */
final class SchedulerCache {

    private record Entry(String node, PodInfo pod, boolean assumed) {}

    /** In name order, as {@link ClusterSnapshot} keeps them. */
    private final Map<String, NodeInfo> nodes = new TreeMap<>();
    private final Map<String, Entry> pods = new HashMap<>();
    /** The keys of {@link #pods}' assumed entries, changed under the lock, read without it. */
    private final Set<String> assumed = ConcurrentHashMap.newKeySet();
    /** {@link #nodes} as a snapshot; null when they changed since it was taken. */
    private ClusterSnapshot view;
    /** Pods no node could take: retried when a node or a placed pod changes, never polled. */
    private final Set<String> parked = new HashSet<>();

    synchronized void setNode(Node node) {
        NodeInfo known = nodes.get(node.name());
        view = null;
        if (known != null) {
            nodes.put(node.name(), known.withNode(node));
            return;
        }
        NodeInfo info = NodeInfo.empty(node);
        for (Entry e : pods.values()) if (e.node.equals(node.name())) info = info.withPod(e.pod);
        nodes.put(node.name(), info);
    }

    synchronized void removeNode(String name) {
        view = null;
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

    boolean isAssumed(String key) {
        return assumed.contains(key);
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
        if (view == null) view = new ClusterSnapshot(List.copyOf(nodes.values()));
        return view;
    }

    private void charge(String key, Entry e) {
        if (pods.containsKey(key)) release(key);
        pods.put(key, e);
        if (e.assumed) assumed.add(key);
        if (nodes.computeIfPresent(e.node, (k, info) -> info.withPod(e.pod)) != null) view = null;
    }

    private void release(String key) {
        Entry e = pods.remove(key);
        if (e == null) return;
        if (e.assumed) assumed.remove(key);
        if (nodes.computeIfPresent(e.node, (k, info) -> info.withoutPod(e.pod)) != null) view = null;
    }
}
