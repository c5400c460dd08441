package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A key of a ConfigMap or Secret (env valueFrom configMapKeyRef / secretKeyRef). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KeySelector(String name, String key, Boolean optional) {
}
