package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A port of the node agent. Kubernetes spells this one field with a capital P. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DaemonEndpoint(@JsonProperty("Port") Integer port) {
}
