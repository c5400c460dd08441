package dev.skiff.scheduler.plugins;

import dev.skiff.api.NodeSelector;
import dev.skiff.api.NodeSelectorTerm;
import dev.skiff.api.PreferredSchedulingTerm;
import dev.skiff.scheduler.FilterPlugin;
import dev.skiff.scheduler.NodeInfo;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import dev.skiff.scheduler.ScorePlugin;
import java.util.List;
import java.util.Map;

/**
 * {@code nodeSelector} and required node affinity filter (both must hold; affinity terms are
 * ORed); preferred node affinity scores a node by the weights of the terms it matches.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public int weight() {
        return 2;
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        return selectorMatches(pod.nodeSelector(), node) && requiredMatches(pod, node) ? List.of() : List.of(REASON);
    }

    private static boolean selectorMatches(Map<String, String> selector, NodeInfo node) {
        Map<String, String> labels = node.labels();
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean requiredMatches(PodInfo pod, NodeInfo node) {
        NodeSelector required = pod.nodeAffinity() == null ? null
                : pod.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution();
        if (required == null) return true;
        List<NodeSelectorTerm> terms = required.nodeSelectorTerms() == null ? List.of() : required.nodeSelectorTerms();
        return terms.stream().anyMatch(t -> NodeSelectors.matches(t, node));
    }

    @Override
    public long score(PodInfo pod, NodeInfo node, Policy policy) {
        List<PreferredSchedulingTerm> preferred = pod.nodeAffinity() == null ? null
                : pod.nodeAffinity().preferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null) return 0;
        long sum = 0;
        for (PreferredSchedulingTerm t : preferred) {
            if (t.preference() != null && t.weight() != null && NodeSelectors.matches(t.preference(), node)) {
                sum += t.weight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.normalizeToMax(scores, false);
    }
}
