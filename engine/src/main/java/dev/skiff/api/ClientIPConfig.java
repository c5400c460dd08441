package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** ClientIP session affinity settings. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ClientIPConfig(Integer timeoutSeconds) {
}
