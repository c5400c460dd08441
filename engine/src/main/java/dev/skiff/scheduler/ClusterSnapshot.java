package dev.skiff.scheduler;

import dev.skiff.api.Node;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster at one instant, as scheduling sees it: every node with what is already placed on it.
 * Immutable, so one decision never sees half of a change; nodes are kept in name order so the same
 * snapshot always yields the same placement.
 */
public record ClusterSnapshot(List<NodeInfo> nodes) {

    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(List.of());

    private static final Comparator<NodeInfo> BY_NAME = Comparator.comparing(NodeInfo::name);

    public ClusterSnapshot {
        // the scheduler's cache hands its nodes over in order already: checking is cheaper than sorting
        nodes = inOrder(nodes) ? List.copyOf(nodes) : nodes.stream().sorted(BY_NAME).toList();
    }

    private static boolean inOrder(List<NodeInfo> nodes) {
        for (int i = 1; i < nodes.size(); i++) if (BY_NAME.compare(nodes.get(i - 1), nodes.get(i)) > 0) return false;
        return true;
    }

    /** Builds a snapshot from plain objects: bound, non-terminal pods count against their node. */
    public static ClusterSnapshot of(Collection<Node> nodes, Collection<Pod> pods) {
        Map<String, NodeInfo> infos = new LinkedHashMap<>();
        for (Node n : nodes) infos.put(n.name(), NodeInfo.empty(n));
        for (Pod p : pods) {
            if (!occupiesNode(p)) continue;
            infos.computeIfPresent(p.spec().nodeName(), (k, info) -> info.withPod(PodInfo.of(p)));
        }
        return new ClusterSnapshot(List.copyOf(infos.values()));
    }

    /** A bound pod takes room on its node until it has finished (Succeeded or Failed). */
    public static boolean occupiesNode(Pod p) {
        if (p.spec() == null || p.spec().nodeName() == null || p.spec().nodeName().isEmpty()) return false;
        PodPhase phase = p.status() == null ? null : p.status().phase();
        return phase != PodPhase.SUCCEEDED && phase != PodPhase.FAILED;
    }

    public Optional<NodeInfo> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** This snapshot after {@code pod} was placed on {@code node}. */
    public ClusterSnapshot withPod(String node, PodInfo pod) {
        return new ClusterSnapshot(nodes.stream().map(n -> n.name().equals(node) ? n.withPod(pod) : n).toList());
    }
}
