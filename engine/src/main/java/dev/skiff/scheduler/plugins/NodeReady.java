package dev.skiff.scheduler.plugins;

import dev.skiff.api.Taint;
import dev.skiff.api.TaintEffect;
import dev.skiff.scheduler.FilterPlugin;
import dev.skiff.scheduler.NodeInfo;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import java.util.List;

/**
 * A node that is not Ready takes no new pods. Kubernetes expresses this as taints added from the
 * Ready condition (not-ready when False, unreachable when Unknown), and says so in its message;
 * this plugin applies those taints itself, so the answer is right even before the node lifecycle
 * controller has written them, and pods that tolerate them (as DaemonSets' do) still fit.
 */
public final class NodeReady implements FilterPlugin {

    static final Taint NOT_READY = new Taint("node.kubernetes.io/not-ready", null, TaintEffect.NO_SCHEDULE, null);
    static final Taint UNREACHABLE = new Taint("node.kubernetes.io/unreachable", null, TaintEffect.NO_SCHEDULE, null);

    @Override
    public String name() {
        return "NodeReady";
    }

    @Override
    public int order() {
        return 15;
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        String ready = node.readyStatus();
        if ("True".equals(ready)) return List.of();
        Taint implied = "False".equals(ready) ? NOT_READY : UNREACHABLE;
        if (Tolerations.tolerated(pod.tolerations(), implied)) return List.of();
        return List.of(Tolerations.untolerated(implied));
    }
}
