package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The limits of a LimitRange. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LimitRangeSpec(List<LimitRangeItem> limits) {
}
