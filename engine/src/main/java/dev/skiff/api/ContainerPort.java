package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A port a container listens on; the runtime maps it to a host port (DESIGN 5). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerPort(String name, Integer containerPort, Integer hostPort, Protocol protocol, String hostIP) {
}
