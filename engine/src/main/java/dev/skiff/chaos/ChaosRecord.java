package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One step of a fault's life (Selected, Injected, Recovered, Failed, Ended), for journals and {@code chaos status}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ChaosRecord(Instant time, String event, String target, String message) {
}
