package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Lets a pod schedule (or stay) on nodes with a matching taint. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Toleration(String key, TolerationOperator operator, String value, TaintEffect effect, Long tolerationSeconds) {
}
