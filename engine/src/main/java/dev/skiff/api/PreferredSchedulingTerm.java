package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A weighted (1-100) preference for nodes matching a term. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PreferredSchedulingTerm(Integer weight, NodeSelectorTerm preference) {
}
