package dev.skiff.scheduler.plugins;

import dev.skiff.api.Taint;
import dev.skiff.api.TaintEffect;
import dev.skiff.scheduler.FilterPlugin;
import dev.skiff.scheduler.NodeInfo;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import java.util.List;

/** A cordoned node ({@code spec.unschedulable}) takes no new pods, unless they tolerate the cordon taint. */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String REASON = "node(s) were unschedulable";
    static final Taint CORDON = new Taint("node.kubernetes.io/unschedulable", null, TaintEffect.NO_SCHEDULE, null);

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        if (!node.unschedulable() || Tolerations.tolerated(pod.tolerations(), CORDON)) return List.of();
        return List.of(REASON);
    }
}
