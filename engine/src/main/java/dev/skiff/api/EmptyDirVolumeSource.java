package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A scratch directory living as long as the pod. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EmptyDirVolumeSource(String medium, Quantity sizeLimit) {
}
