package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One port of a service. targetPort is a number or a container port name. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServicePort(String name, Protocol protocol, Integer port, IntOrString targetPort, Integer nodePort) {
}
