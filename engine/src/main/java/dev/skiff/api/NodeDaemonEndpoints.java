package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Ports of the daemons on a node (the agent's HTTP API for logs and exec). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeDaemonEndpoints(DaemonEndpoint kubeletEndpoint) {
}
