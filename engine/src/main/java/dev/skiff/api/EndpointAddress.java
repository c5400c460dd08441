package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A ready or not-ready backend address (Skiff: the node address, with the host port in the ports). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointAddress(String ip, String hostname, String nodeName, ObjectReference targetRef) {
}
