package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An address a load balancer answers on. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LoadBalancerIngress(String ip, String hostname) {
}
