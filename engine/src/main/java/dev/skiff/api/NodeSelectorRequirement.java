package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One node affinity match expression. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeSelectorRequirement(String key, NodeSelectorOperator operator, List<String> values) {
}
