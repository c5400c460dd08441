package dev.skiff.scheduler.plugins;

import dev.skiff.api.Taint;
import dev.skiff.api.TaintEffect;
import dev.skiff.scheduler.FilterPlugin;
import dev.skiff.scheduler.NodeInfo;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import dev.skiff.scheduler.ScorePlugin;
import java.util.List;

/**
 * Taints: NoSchedule and NoExecute keep out pods that do not tolerate them (the first such taint
 * is the reason); PreferNoSchedule only lowers the node's score, by how many it has untolerated.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public int weight() {
        return 3;
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        for (Taint t : node.taints()) {
            if (t.effect() == TaintEffect.PREFER_NO_SCHEDULE) continue;
            if (!Tolerations.tolerated(pod.tolerations(), t)) return List.of(Tolerations.untolerated(t));
        }
        return List.of();
    }

    @Override
    public long score(PodInfo pod, NodeInfo node, Policy policy) {
        List<Taint> taints = node.taints();
        if (taints.isEmpty()) return 0; // most nodes: scored for every pod, so no stream for nothing
        return taints.stream()
                .filter(t -> t.effect() == TaintEffect.PREFER_NO_SCHEDULE)
                .filter(t -> !Tolerations.tolerated(pod.tolerations(), t))
                .count();
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.normalizeToMax(scores, true);
    }
}
