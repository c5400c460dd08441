package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Downward API field of the pod, e.g. metadata.name or status.podIP. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ObjectFieldSelector(String fieldPath, String apiVersion) {
}
