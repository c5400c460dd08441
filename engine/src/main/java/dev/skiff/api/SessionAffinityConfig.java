package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Session affinity settings of a service. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SessionAffinityConfig(ClientIPConfig clientIP) {
}
