package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Repels pods that do not tolerate it. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Taint(String key, String value, TaintEffect effect, Instant timeAdded) {
}
