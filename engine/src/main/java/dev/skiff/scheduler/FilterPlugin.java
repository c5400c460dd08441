package dev.skiff.scheduler;

import java.util.List;

/**
 * Decides whether a pod may go on a node at all. Loaded with {@link java.util.ServiceLoader}: list
 * an implementation in {@code META-INF/services/dev.skiff.scheduler.FilterPlugin} and it takes
 * part in every decision. Filters run in {@link #order()}; the first one that rejects a node gives
 * that node's reasons, worded as Kubernetes words them ("Insufficient cpu").
 */
public interface FilterPlugin {

    String name();

    /** Lower runs first; built-ins use 10-60, so plugins default to after them. */
    default int order() {
        return 100;
    }

    /** Why the pod cannot go on the node; empty when it can. */
    List<String> filter(PodInfo pod, NodeInfo node, Policy policy);
}
