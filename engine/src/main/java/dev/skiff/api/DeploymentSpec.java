package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Desired state of a Deployment; defaults as Kubernetes' DeploymentSpec (see {@link Defaults}). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DeploymentSpec(Integer replicas, LabelSelector selector, PodTemplateSpec template,
                             DeploymentStrategy strategy, Integer minReadySeconds,
                             Integer revisionHistoryLimit, Boolean paused, Integer progressDeadlineSeconds) {

    public DeploymentSpec withReplicas(Integer v) {
        return new DeploymentSpec(v, selector, template, strategy, minReadySeconds, revisionHistoryLimit,
                paused, progressDeadlineSeconds);
    }

    public DeploymentSpec withTemplate(PodTemplateSpec v) {
        return new DeploymentSpec(replicas, selector, v, strategy, minReadySeconds, revisionHistoryLimit,
                paused, progressDeadlineSeconds);
    }

    public DeploymentSpec withPaused(Boolean v) {
        return new DeploymentSpec(replicas, selector, template, strategy, minReadySeconds,
                revisionHistoryLimit, v, progressDeadlineSeconds);
    }

    public boolean pausedOrFalse() {
        return Boolean.TRUE.equals(paused);
    }
}
