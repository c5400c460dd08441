package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Rolling update bounds: absolute numbers or percentages of replicas. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RollingUpdateDeployment(IntOrString maxUnavailable, IntOrString maxSurge) {
}
