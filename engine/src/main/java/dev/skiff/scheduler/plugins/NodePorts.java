package dev.skiff.scheduler.plugins;

import dev.skiff.scheduler.FilterPlugin;
import dev.skiff.scheduler.HostPort;
import dev.skiff.scheduler.NodeInfo;
import dev.skiff.scheduler.PodInfo;
import dev.skiff.scheduler.Policy;
import java.util.List;

/** A declared hostPort is used as is (DESIGN.md §5), so two pods asking for it cannot share a node. */
public final class NodePorts implements FilterPlugin {

    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public List<String> filter(PodInfo pod, NodeInfo node, Policy policy) {
        for (HostPort wanted : pod.hostPorts()) {
            for (HostPort used : node.usedPorts()) {
                if (wanted.conflictsWith(used)) return List.of(REASON);
            }
        }
        return List.of();
    }
}
