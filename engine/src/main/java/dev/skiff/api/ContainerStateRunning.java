package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A running container. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ContainerStateRunning(Instant startedAt) {
}
