package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Required node affinity: a node must match one of the terms. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeSelector(List<NodeSelectorTerm> nodeSelectorTerms) {
}
