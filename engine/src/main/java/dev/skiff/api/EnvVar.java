package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One container environment variable: a literal value or a reference. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EnvVar(String name, String value, EnvVarSource valueFrom) {
}
