package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a pod volume appears inside a container. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record VolumeMount(String name, String mountPath, Boolean readOnly, String subPath) {
}
