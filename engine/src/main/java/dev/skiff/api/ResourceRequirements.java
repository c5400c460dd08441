package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Container resource requests (what the scheduler reserves) and limits (what the runtime enforces). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceRequirements(Map<String, Quantity> limits, Map<String, Quantity> requests) {
}
