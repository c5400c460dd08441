package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One status condition. Kubernetes has a type per kind (PodCondition, DeploymentCondition,
 * NodeCondition...) that differ only in which timestamps they carry; one record with all of them
 * optional serialises identically and keeps controllers' condition helpers shared.
 * {@code status} is "True", "False" or "Unknown" as in Kubernetes.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Condition(String type, String status, String reason, String message,
                        Instant lastProbeTime, Instant lastHeartbeatTime, Instant lastUpdateTime,
                        Instant lastTransitionTime) {

    public static Condition of(String type, boolean status, String reason, String message, Instant now) {
        return new Condition(type, status ? "True" : "False", reason, message, null, null, null, now);
    }

    public boolean statusTrue() {
        return "True".equals(status);
    }
}
