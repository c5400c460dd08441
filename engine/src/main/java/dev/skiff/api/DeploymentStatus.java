package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of a Deployment. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeploymentStatus(Long observedGeneration, Integer replicas, Integer updatedReplicas, Integer readyReplicas, Integer availableReplicas, Integer unavailableReplicas, List<Condition> conditions, Integer collisionCount) {
}
