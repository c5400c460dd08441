package dev.skiff.agent.runtime.docker;

import dev.skiff.agent.runtime.ContainerHandle;
import dev.skiff.agent.runtime.ContainerSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels that tie a Docker container to its pod: they are how a restarted agent finds its
 * containers again (re-attach by labels), and how an operator running {@code docker ps} tells
 * them apart.
 */
final class ContainerLabels {

    static final String MANAGED_BY = "skiff.dev/managed-by";
    static final String MANAGER = "skiff-agent";
    static final String NODE = "skiff.dev/node";
    static final String POD_NAME = "skiff.dev/pod-name";
    static final String POD_NAMESPACE = "skiff.dev/pod-namespace";
    static final String POD_UID = "skiff.dev/pod-uid";
    static final String CONTAINER = "skiff.dev/container";

    private ContainerLabels() {
    }

    static Map<String, String> of(ContainerSpec spec, String node) {
        var labels = new LinkedHashMap<String, String>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(NODE, node);
        labels.put(POD_NAMESPACE, spec.podNamespace());
        labels.put(POD_NAME, spec.podName());
        labels.put(POD_UID, spec.podUid());
        labels.put(CONTAINER, spec.containerName());
        return labels;
    }

    /** Only this node's containers: several agents may share one Docker daemon (a local cluster). */
    static Map<String, String> selector(String node) {
        return Map.of(MANAGED_BY, MANAGER, NODE, node);
    }

    static boolean belongsTo(Map<String, String> labels, String node) {
        return labels != null && MANAGER.equals(labels.get(MANAGED_BY)) && node.equals(labels.get(NODE));
    }

    static ContainerHandle handle(String id, String name, Map<String, String> labels) {
        var data = new LinkedHashMap<String, String>();
        if (name != null) data.put("name", name.startsWith("/") ? name.substring(1) : name);
        copy(labels, POD_NAMESPACE, "podNamespace", data);
        copy(labels, POD_NAME, "podName", data);
        copy(labels, POD_UID, "podUid", data);
        copy(labels, CONTAINER, "container", data);
        return new ContainerHandle(DockerRuntime.NAME, id, data);
    }

    private static void copy(Map<String, String> labels, String label, String key, Map<String, String> into) {
        var v = labels == null ? null : labels.get(label);
        if (v != null) into.put(key, v);
    }
}
