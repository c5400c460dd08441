package dev.skiff.scheduler.plugins;

import dev.skiff.engine.EngineConfig.Scoring;
import dev.skiff.scheduler.FilterPlugin;
import dev.skiff.scheduler.NodeInfo;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import dev.skiff.scheduler.ScorePlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Requests (never limits: limits above requests are how Kubernetes over-commits) against
 * allocatable × the over-commit ratio, per resource, plus the node's pod count. Scores cpu and
 * memory by LeastAllocated (spread) or MostAllocated (bin-pack), as the policy says.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    public static final String TOO_MANY_PODS = "Too many pods";
    private static final List<String> SCORED = List.of("cpu", "memory");

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        // checked for every node for every pod: no list unless there is something to say
        List<String> reasons = List.of();
        // a node that does not report a pod limit has none
        Optional<Long> pods = policy.capacity(node, "pods");
        if (pods.isPresent() && (node.podCount() + 1) * 1000L > pods.get()) reasons = add(reasons, TOO_MANY_PODS);
        for (String r : orderedResources(pod)) {
            long want = pod.requests().get(r);
            if (want <= 0) continue;
            long free = policy.capacity(node, r).orElse(0L) - node.requested().get(r);
            if (want > free) reasons = add(reasons, "Insufficient " + r);
        }
        return reasons;
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> out = reasons.isEmpty() ? new ArrayList<>() : reasons;
        out.add(reason);
        return out;
    }

    private static final List<String> FIRST = List.of("cpu", "memory", "ephemeral-storage");

    /** cpu, memory, then the rest by name: the order kube-scheduler reports them in. */
    private static List<String> orderedResources(PodInfo pod) {
        var requested = pod.requests().milli().keySet();
        int known = 0;
        for (String r : FIRST) if (requested.contains(r)) known++;
        if (known == requested.size()) return FIRST; // the common case, without allocating
        List<String> out = new ArrayList<>(FIRST);
        TreeSet<String> rest = new TreeSet<>(requested);
        rest.removeAll(FIRST);
        rest.remove("pods");
        out.addAll(rest);
        return out;
    }

    @Override
    public long score(PodInfo pod, NodeInfo node, Policy policy) {
        long sum = 0;
        int counted = 0;
        for (String r : SCORED) {
            long capacity = policy.capacity(node, r).orElse(0L);
            long requested = node.scoringRequested().get(r) + pod.scoringRequests().get(r);
            sum += policy.scoring() == Scoring.MOST_ALLOCATED ? most(requested, capacity) : least(requested, capacity);
            counted++;
        }
        return sum / counted;
    }

    private static long least(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) return 0;
        return (capacity - requested) * MAX_SCORE / capacity;
    }

    private static long most(long requested, long capacity) {
        if (capacity <= 0) return 0;
        return Math.min(requested, capacity) * MAX_SCORE / capacity;
    }
}
