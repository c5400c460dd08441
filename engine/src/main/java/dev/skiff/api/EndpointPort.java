package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A port of an endpoint subset. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EndpointPort(String name, Integer port, Protocol protocol) {
}
