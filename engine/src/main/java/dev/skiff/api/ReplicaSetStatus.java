package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of a ReplicaSet. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReplicaSetStatus(Integer replicas, Integer fullyLabeledReplicas, Integer readyReplicas, Integer availableReplicas, Long observedGeneration, List<Condition> conditions) {
}
