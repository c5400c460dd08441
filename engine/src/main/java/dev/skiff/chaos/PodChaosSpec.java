package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A PodChaos: {@code pod-kill} deletes pods (with their own grace period, or {@code gracePeriod}
 * seconds; 0 = at once), {@code container-kill} kills {@code containerNames}, {@code pod-failure}
 * freezes the pods for the duration.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodChaosSpec(PodChaosAction action, ChaosSelector selector, ChaosMode mode, String value,
                           String duration, Long gracePeriod, List<String> containerNames, Boolean force)
        implements FaultSpec {

    @Override
    public String actionName() {
        return action == null ? "" : action.wire();
    }
}
