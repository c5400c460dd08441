package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Who reported an event. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EventSource(String component, String host) {
}
