package dev.skiff.scheduler;

import dev.skiff.api.Condition;
import dev.skiff.api.Node;
import dev.skiff.api.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node as the scheduler sees it: the Node object plus what the pods bound (or assumed) to it
 * already take — summed requests, the non-zero requests used for scoring, their count and their
 * host ports. Immutable; {@link #withPod} gives the node after one more pod.
 */
public record NodeInfo(Node node, Requests requested, Requests scoringRequested, int podCount,
                       List<HostPort> usedPorts) {

    public NodeInfo {
        usedPorts = List.copyOf(usedPorts);
    }

    public static NodeInfo empty(Node node) {
        return new NodeInfo(node, Requests.NONE, Requests.NONE, 0, List.of());
    }

    public String name() {
        return node.name();
    }

    public NodeInfo withPod(PodInfo pod) {
        List<HostPort> ports = usedPorts;
        if (!pod.hostPorts().isEmpty()) {
            ports = new ArrayList<>(usedPorts);
            ports.addAll(pod.hostPorts());
        }
        return new NodeInfo(node, requested.plus(pod.requests()), scoringRequested.plus(pod.scoringRequests()),
                podCount + 1, ports);
    }

    /** The node after {@code pod} left it (its requests, count and ports released). */
    public NodeInfo withoutPod(PodInfo pod) {
        List<HostPort> ports = usedPorts;
        if (!pod.hostPorts().isEmpty()) {
            ports = new ArrayList<>(usedPorts);
            for (HostPort p : pod.hostPorts()) ports.remove(p);
        }
        return new NodeInfo(node, requested.minus(pod.requests()), scoringRequested.minus(pod.scoringRequests()),
                podCount - 1, ports);
    }

    /** The same usage on a newer version of the Node object. */
    public NodeInfo withNode(Node v) {
        return new NodeInfo(v, requested, scoringRequested, podCount, usedPorts);
    }

    /** Allocatable in thousandths; empty when the node does not report the resource. */
    public Optional<Long> allocatable(String resource) {
        if (node.status() == null || node.status().allocatable() == null) return Optional.empty();
        var q = node.status().allocatable().get(resource);
        return q == null ? Optional.empty() : Optional.of(q.milliValue());
    }

    public Map<String, String> labels() {
        return node.metadata().labelsOrEmpty();
    }

    public List<Taint> taints() {
        return node.spec() == null || node.spec().taints() == null ? List.of() : node.spec().taints();
    }

    public boolean unschedulable() {
        return node.spec() != null && Boolean.TRUE.equals(node.spec().unschedulable());
    }

    /** The Ready condition's status: "True", "False", or "Unknown" (also when the node never reported). */
    public String readyStatus() {
        if (node.status() == null || node.status().conditions() == null) return "Unknown";
        return node.status().conditions().stream().filter(c -> "Ready".equals(c.type())).map(Condition::status)
                .findFirst().orElse("Unknown");
    }
}
