package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A TCP connect check. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TcpSocketAction(IntOrString port, String host) {
}
