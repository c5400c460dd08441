package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a service. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ServiceStatus(LoadBalancerStatus loadBalancer) {
}
