package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Observed state of a pod, written by the scheduler (PodScheduled) and the node agent. hostPorts
 * is Skiff's addition (DESIGN 5): pods share the node's network, so each declared containerPort is
 * published on a host port of hostIP.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodStatus(PodPhase phase, List<Condition> conditions, String message, String reason,
                        String nominatedNodeName, String hostIP, String podIP, List<PodIP> podIPs,
                        Instant startTime, List<ContainerStatus> initContainerStatuses,
                        List<ContainerStatus> containerStatuses, List<HostPortMapping> hostPorts) {

    public static PodStatus pending() {
        return new PodStatus(PodPhase.PENDING, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public PodStatus withPhase(PodPhase v) {
        return new PodStatus(v, conditions, message, reason, nominatedNodeName, hostIP, podIP, podIPs, startTime,
                initContainerStatuses, containerStatuses, hostPorts);
    }

    public PodStatus withConditions(List<Condition> v) {
        return new PodStatus(phase, v, message, reason, nominatedNodeName, hostIP, podIP, podIPs, startTime,
                initContainerStatuses, containerStatuses, hostPorts);
    }

    public List<Condition> conditionsOrEmpty() {
        return conditions == null ? List.of() : conditions;
    }

    public List<ContainerStatus> containerStatusesOrEmpty() {
        return containerStatuses == null ? List.of() : containerStatuses;
    }

    public List<HostPortMapping> hostPortsOrEmpty() {
        return hostPorts == null ? List.of() : hostPorts;
    }

    /** True when the Ready condition is True. */
    public boolean ready() {
        return conditionsOrEmpty().stream().anyMatch(c -> "Ready".equals(c.type()) && c.statusTrue());
    }
}
