package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Per-container or per-pod bounds and injected defaults. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LimitRangeItem(LimitType type, Map<String, Quantity> max, Map<String, Quantity> min, @JsonProperty("default") Map<String, Quantity> defaultLimits, Map<String, Quantity> defaultRequest, Map<String, Quantity> maxLimitRequestRatio) {
}
