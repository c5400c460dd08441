package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Hard caps, e.g. requests.cpu, limits.memory, pods, services. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceQuotaSpec(Map<String, Quantity> hard, List<String> scopes) {
}
