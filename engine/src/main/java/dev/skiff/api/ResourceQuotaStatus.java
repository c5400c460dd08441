package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The enforced caps and current usage. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceQuotaStatus(Map<String, Quantity> hard, Map<String, Quantity> used) {
}
