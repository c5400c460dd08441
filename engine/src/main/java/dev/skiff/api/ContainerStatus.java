package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of one container, written by the node agent. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerStatus(String name, ContainerState state, ContainerState lastState, Boolean ready, Integer restartCount, String image, String imageID, String containerID, Boolean started) {
}
