package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Addresses of a LoadBalancer service. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LoadBalancerStatus(List<LoadBalancerIngress> ingress) {
}
