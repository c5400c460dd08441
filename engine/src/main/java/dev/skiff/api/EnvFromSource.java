package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Imports every key of a ConfigMap or Secret as env vars, optionally prefixed. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EnvFromSource(String prefix, LocalObjectReference configMapRef, LocalObjectReference secretRef) {
}
