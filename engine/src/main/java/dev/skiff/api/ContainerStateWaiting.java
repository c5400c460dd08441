package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A container not running yet (or in back-off). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerStateWaiting(String reason, String message) {
}
