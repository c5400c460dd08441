package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Skiff-specific (DESIGN 5): the host port a declared container port got on the node, so Endpoints can use nodeAddress:hostPort. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HostPortMapping(String name, Integer containerPort, Integer hostPort, Protocol protocol) {
}
