package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Desired state of a node. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeSpec(String podCIDR, List<String> podCIDRs, Boolean unschedulable, List<Taint> taints) {
}
