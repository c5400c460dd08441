package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A ConfigMap or Secret in the pod's namespace, for envFrom. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LocalObjectReference(String name, Boolean optional) {
}
