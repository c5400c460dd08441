package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One object a fault chose, recorded in status before anything is done to it so that a re-run of
 * the reconcile never picks again. {@code workload} is the owner the blast radius counted it under.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChaosTarget(String kind, String namespace, String name, String node, String workload,
                          Instant injectedAt, Instant recoveredAt, String message) {

    public static ChaosTarget pod(String namespace, String name, String node, String workload) {
        return new ChaosTarget("Pod", namespace, name, node, workload, null, null, null);
    }

    public static ChaosTarget node(String name) {
        return new ChaosTarget("Node", null, name, name, null, null, null, null);
    }

    public ChaosTarget injected(Instant at, String why) {
        return new ChaosTarget(kind, namespace, name, node, workload, at, recoveredAt, why);
    }

    public ChaosTarget recovered(Instant at, String why) {
        return new ChaosTarget(kind, namespace, name, node, workload, injectedAt, at, why);
    }

    /** {@code pod/ns/name} or {@code node/name}. */
    public String ref() {
        return kind.toLowerCase(java.util.Locale.ROOT) + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
}
