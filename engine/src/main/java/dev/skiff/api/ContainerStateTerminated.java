package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A container that exited. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerStateTerminated(Integer exitCode, Integer signal, String reason, String message, Instant startedAt, Instant finishedAt, String containerID) {
}
