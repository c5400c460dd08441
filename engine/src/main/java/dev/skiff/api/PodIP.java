package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One pod IP (status.podIPs). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodIP(String ip) {
}
