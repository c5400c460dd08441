package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Desired state of a ReplicaSet. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReplicaSetSpec(Integer replicas, Integer minReadySeconds, LabelSelector selector, PodTemplateSpec template) {
}
