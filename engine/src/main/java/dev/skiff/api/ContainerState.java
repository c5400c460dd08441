package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Exactly one of waiting, running, terminated. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerState(ContainerStateWaiting waiting, ContainerStateRunning running, ContainerStateTerminated terminated) {
}
