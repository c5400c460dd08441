package dev.skiff.chaos;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A NodeChaos: {@code node-down} (the agent plays a power cut) or {@code node-drain} (cordon and evict). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NodeChaosSpec(NodeChaosAction action, ChaosSelector selector, ChaosMode mode, String value,
                            String duration, Boolean force) implements FaultSpec {

    @Override
    public String actionName() {
        return action == null ? "" : action.wire();
    }
}
