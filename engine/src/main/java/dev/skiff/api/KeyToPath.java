package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Projects one ConfigMap/Secret key to a file path in the volume. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record KeyToPath(String key, String path, Integer mode) {
}
