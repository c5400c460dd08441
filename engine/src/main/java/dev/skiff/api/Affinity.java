package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Scheduling constraints of a pod (only node affinity in Skiff). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Affinity(NodeAffinity nodeAffinity) {
}
