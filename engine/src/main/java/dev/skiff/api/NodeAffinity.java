package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Node affinity rules of a pod. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeAffinity(NodeSelector requiredDuringSchedulingIgnoredDuringExecution, List<PreferredSchedulingTerm> preferredDuringSchedulingIgnoredDuringExecution) {
}
