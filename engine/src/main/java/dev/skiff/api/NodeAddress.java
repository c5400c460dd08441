package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An address of a node: type InternalIP, ExternalIP or Hostname. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeAddress(String type, String address) {
}
