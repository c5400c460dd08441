package dev.skiff.controllers.deployment;

import dev.skiff.api.Condition;
import dev.skiff.api.Deployment;
import dev.skiff.api.DeploymentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Deployment's status as a pure function of what the controller saw: counts, and the Available
 * and Progressing conditions with Kubernetes' reasons. The progress clock is the Progressing
 * condition's lastUpdateTime: every bit of progress (and a resume) restarts it, so a paused
 * rollout never times out.
 */
public final class RolloutStatus {

    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String MINIMUM_AVAILABLE = "MinimumReplicasAvailable";
    public static final String MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable";
    public static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    public static final String RS_UPDATED = "ReplicaSetUpdated";
    public static final String DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    public static final String PAUSED = "DeploymentPaused";
    public static final String RESUMED = "DeploymentResumed";

    private RolloutStatus() {
    }

    /** Pods of the Deployment: alive, of the new template, ready, available. */
    public record Counts(int replicas, int updated, int ready, int available) {
    }

    /**
     * @param newReplicaSet the current template's ReplicaSet name (null before it exists)
     * @param complete      every replica is updated and available and no old pod is left
     * @param wrote         this reconcile changed a ReplicaSet (a rollout step is progress)
     */
    public static DeploymentStatus next(Deployment d, Counts counts, String newReplicaSet, boolean complete,
                                        boolean wrote, Instant now) {
        DeploymentStatus old = d.status();
        int replicas = d.spec().replicas() == null ? 1 : d.spec().replicas();
        int minAvailable = replicas - RolloutMath.bounds(d.spec()).maxUnavailable();
        List<Condition> conditions = new ArrayList<>(old == null || old.conditions() == null ? List.of() : old.conditions());
        boolean available = counts.available() >= minAvailable;
        put(conditions, keep(find(old, AVAILABLE), available ? "True" : "False",
                available ? MINIMUM_AVAILABLE : MINIMUM_UNAVAILABLE,
                available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                now));
        boolean progressed = wrote || improved(old, counts);
        put(conditions, progressing(d, find(old, PROGRESSING), newReplicaSet, complete, progressed, now));
        return new DeploymentStatus(d.metadata().generation(), counts.replicas(), counts.updated(), counts.ready(),
                counts.available(), Math.max(0, replicas - counts.available()), conditions,
                old == null ? null : old.collisionCount());
    }

    private static Condition progressing(Deployment d, Condition prev, String rs, boolean complete,
                                         boolean progressed, Instant now) {
        String name = "ReplicaSet \"" + (rs == null ? d.name() : rs) + "\"";
        if (d.spec().pausedOrFalse()) {
            return reason(prev, PAUSED) ? prev : condition("Unknown", PAUSED, "Deployment is paused", now, now);
        }
        if (reason(prev, PAUSED)) return condition("Unknown", RESUMED, "Deployment is resumed", now, now);
        if (complete) {
            return keep(prev, "True", NEW_RS_AVAILABLE, name + " has successfully progressed.", now);
        }
        if (progressed || prev == null) {
            return condition("True", RS_UPDATED, name + " is progressing.", now,
                    prev != null && prev.statusTrue() ? prev.lastTransitionTime() : now);
        }
        if (reason(prev, DEADLINE_EXCEEDED) || !timedOut(d, prev, now)) return prev;
        return condition("False", DEADLINE_EXCEEDED, name + " has timed out progressing.", now, now);
    }

    /** How long until the progress deadline passes, while a rollout is under way. */
    public static Optional<Duration> untilDeadline(Deployment d, DeploymentStatus status, Instant now) {
        Condition p = find(status, PROGRESSING);
        if (p == null || d.spec().pausedOrFalse() || reason(p, NEW_RS_AVAILABLE) || reason(p, DEADLINE_EXCEEDED)) {
            return Optional.empty();
        }
        Instant deadline = since(p).plusSeconds(deadlineSeconds(d));
        Duration left = Duration.between(now, deadline);
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    private static boolean timedOut(Deployment d, Condition prev, Instant now) {
        if (reason(prev, NEW_RS_AVAILABLE)) return false; // a finished rollout has no clock running
        return since(prev).plusSeconds(deadlineSeconds(d)).isBefore(now);
    }

    private static int deadlineSeconds(Deployment d) {
        return d.spec().progressDeadlineSeconds() == null ? 600 : d.spec().progressDeadlineSeconds();
    }

    private static Instant since(Condition c) {
        return c.lastUpdateTime() != null ? c.lastUpdateTime() : c.lastTransitionTime();
    }

    private static boolean improved(DeploymentStatus old, Counts c) {
        if (old == null) return true;
        int oldUpdated = or0(old.updatedReplicas());
        return c.updated() > oldUpdated || c.ready() > or0(old.readyReplicas())
                || c.available() > or0(old.availableReplicas())
                || c.replicas() - c.updated() < or0(old.replicas()) - oldUpdated;
    }

    private static int or0(Integer v) {
        return v == null ? 0 : v;
    }

    public static Condition find(DeploymentStatus status, String type) {
        if (status == null || status.conditions() == null) return null;
        return status.conditions().stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
    }

    private static boolean reason(Condition c, String reason) {
        return c != null && reason.equals(c.reason());
    }

    /** {@code prev} unchanged if it already says this; else a new condition (transition time kept if status is). */
    private static Condition keep(Condition prev, String status, String reason, String message, Instant now) {
        if (prev != null && status.equals(prev.status()) && reason.equals(prev.reason())
                && message.equals(prev.message())) {
            return prev;
        }
        Instant transition = prev != null && status.equals(prev.status()) ? prev.lastTransitionTime() : now;
        return condition(status, reason, message, now, transition);
    }

    private static Condition condition(String status, String reason, String message, Instant updated,
                                       Instant transition) {
        String type = reason.equals(MINIMUM_AVAILABLE) || reason.equals(MINIMUM_UNAVAILABLE) ? AVAILABLE : PROGRESSING;
        return new Condition(type, status, reason, message, null, null, updated, transition);
    }

    private static void put(List<Condition> conditions, Condition c) {
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).type().equals(c.type())) {
                conditions.set(i, c);
                return;
            }
        }
        conditions.add(c);
    }
}
