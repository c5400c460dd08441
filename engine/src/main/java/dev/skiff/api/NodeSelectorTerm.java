package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Requirements that must all hold (terms are ORed). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions, List<NodeSelectorRequirement> matchFields) {
}
