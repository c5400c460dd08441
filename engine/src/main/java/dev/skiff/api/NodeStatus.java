package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Observed state of a node, written by its agent. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeStatus(Map<String, Quantity> capacity, Map<String, Quantity> allocatable, String phase, List<Condition> conditions, List<NodeAddress> addresses, NodeDaemonEndpoints daemonEndpoints, NodeSystemInfo nodeInfo) {
}
