package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Desired state of a pod. {@code serviceAccountName} and {@code dnsPolicy} are accepted so real
 * manifests apply unchanged, but Skiff ignores them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodSpec(List<Volume> volumes, List<Container> initContainers, List<Container> containers,
                      RestartPolicy restartPolicy, Long terminationGracePeriodSeconds, String dnsPolicy,
                      Map<String, String> nodeSelector, String serviceAccountName, String nodeName,
                      String hostname, String subdomain, Affinity affinity, String schedulerName,
                      List<Toleration> tolerations, String priorityClassName, Integer priority,
                      Boolean enableServiceLinks) {

    /** A spec with only containers, for tests and generated objects. */
    public static PodSpec of(Container... containers) {
        return new PodSpec(null, null, List.of(containers), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public List<Container> containersOrEmpty() {
        return containers == null ? List.of() : containers;
    }

    public List<Container> initContainersOrEmpty() {
        return initContainers == null ? List.of() : initContainers;
    }

    public List<Volume> volumesOrEmpty() {
        return volumes == null ? List.of() : volumes;
    }

    public List<Toleration> tolerationsOrEmpty() {
        return tolerations == null ? List.of() : tolerations;
    }

    /** The binding the scheduler writes. */
    public PodSpec withNodeName(String v) {
        return new PodSpec(volumes, initContainers, containers, restartPolicy,
                terminationGracePeriodSeconds, dnsPolicy, nodeSelector, serviceAccountName, v, hostname,
                subdomain, affinity, schedulerName, tolerations, priorityClassName, priority,
                enableServiceLinks);
    }

    public PodSpec withContainers(List<Container> init, List<Container> main) {
        return new PodSpec(volumes, init, main, restartPolicy, terminationGracePeriodSeconds, dnsPolicy,
                nodeSelector, serviceAccountName, nodeName, hostname, subdomain, affinity, schedulerName,
                tolerations, priorityClassName, priority, enableServiceLinks);
    }

    public PodSpec withTolerations(List<Toleration> v) {
        return new PodSpec(volumes, initContainers, containers, restartPolicy,
                terminationGracePeriodSeconds, dnsPolicy, nodeSelector, serviceAccountName, nodeName,
                hostname, subdomain, affinity, schedulerName, v, priorityClassName, priority,
                enableServiceLinks);
    }
}
